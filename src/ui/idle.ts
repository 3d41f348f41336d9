// requestIdleCallback where the browser has it; Safari (which ships WebGPU) does not, so there a
// timer stands in: the callback still runs soon after the page's current work, never not at all.

/** Runs `fn` when the page is idle (with `timeout`, at the latest after that many ms); returns a
 *  cancel. */
export function whenIdle(fn: () => void, timeout?: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => fn(), timeout === undefined ? undefined : { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 1);
  return () => clearTimeout(id);
}
