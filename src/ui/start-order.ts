// The order the page starts in: the first paint; then, once the page is idle, the training worker
// (main.tsx); only then the heavy panels' code (App.tsx's lazy panels wait for it), so the worker's
// GPU set-up is not queued behind parsing and drawing recharts and KaTeX.
let release = () => {};
const started = new Promise<void>((resolve) => (release = resolve));

/** Called once the training worker has been created. */
export const markStarted = () => release();

/** A lazy panel's loader that waits until the training worker has started. */
export const afterStart =
  <T>(load: () => Promise<T>) =>
  () =>
    started.then(load);
