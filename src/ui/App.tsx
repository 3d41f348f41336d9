// The page: title, adapter status, the training text and settings on the left, the run (readouts,
// loss curve, samples) on the right; panels stack on narrow screens.
import { StatusLine } from './panels/StatusLine.tsx';
import { ControlsPanel } from './panels/ControlsPanel.tsx';
import { LossChart } from './panels/LossChart.tsx';
import { Readouts } from './panels/Readouts.tsx';
import { SamplePanel } from './panels/SamplePanel.tsx';
import { TextPanel } from './panels/TextPanel.tsx';
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
      <div className="layout">
        <div className="column">
          <TextPanel />
          <ControlsPanel />
        </div>
        <div className="column">
          <Readouts />
          <LossChart />
          <SamplePanel />
        </div>
      </div>
    </main>
  );
}
