// Page entry: restores the person's work (IndexedDB, URL hash), then mounts the React app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restore, startPersisting } from '../io/persist.ts';
import { App } from './App.tsx';
import './styles.css';

await restore();
startPersisting();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
