// The page shell: title, one-line description, adapter status.
import { StatusLine } from './panels/StatusLine.tsx';
import { useGpuStatus } from './hooks/useGpuStatus.ts';

export function App() {
  const gpu = useGpuStatus();
  return (
    <main className="app">
      <header className="app-header">
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <div>
          <h1>RNN Playground</h1>
          <p className="tagline">Type some text and watch a vanilla RNN, an LSTM or a GRU learn it, live on your GPU.</p>
        </div>
      </header>
      <StatusLine status={gpu} />
    </main>
  );
}
