// Page entry: restores the person's work (IndexedDB, URL hash), then mounts the React app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine, startTextStats } from '../store/actions.ts';
import { restore, startPersisting } from '../store/persist.ts';
import { App } from './App.tsx';
import './styles.css';

await restore();
startPersisting();
startTextStats();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// the training worker starts while the page is idle, not inside the first click on Train; it
// acquires the GPU and reports the adapter (or why the CPU runs) to the status line
requestIdleCallback(() => startEngine(), { timeout: 2000 });
