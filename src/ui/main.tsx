// Page entry: restores the person's work (IndexedDB, URL hash), then mounts the React app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restore, startPersisting } from '../io/persist.ts';
import { engine } from '../store/engine.ts';
import { startTextStats } from '../store/text-stats.ts';
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
// the training worker starts while the page is idle, not inside the first click on Train
requestIdleCallback(() => engine(), { timeout: 2000 });
