// Page entry: watches for uncaught errors (shown in the status line), restores the person's work
// (IndexedDB, URL hash), then mounts the React app inside an error boundary (a bug shows a way out,
// never a blank page).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine, startTextStats } from '../store/actions.ts';
import { resetSavedSettings, restore, startPersisting } from '../store/persist.ts';
import { App } from './App.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { whenIdle } from './idle.ts';
import { CHAPTERS } from './lessons/chapters.ts';
import { startOffline } from './offline.ts';
import { markStarted } from './start-order.ts';
import { watchUncaught } from './uncaught.ts';
import './styles.css';

watchUncaught(window);
try {
  await restore(CHAPTERS.length);
} catch (err) {
  console.error('the saved work could not be restored', err); // the page starts from its defaults
}
const stopPersisting = startPersisting();
startTextStats();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary onReset={() => resetSavedSettings(stopPersisting)}>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
// the training worker starts while the page is idle, not inside the first click on Train; it
// acquires the GPU and reports the adapter (or why the CPU runs) to the status line
whenIdle(() => {
  startEngine();
  markStarted(); // then the heavy panels
}, 2000);
// then the service worker, which keeps a copy for offline use and offers new versions
whenIdle(startOffline, 5000);
