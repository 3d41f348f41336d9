// Errors nobody caught — in the page's scripts, in a promise, or in a worker (an error a Worker
// object does not cancel reaches the page's `error` event) — collected for the status line, so a
// person sees that something failed instead of a silently stuck page. Page-wide by nature: the
// listeners are the window's, installed once by main.tsx.
import { pageSignal, useSignal } from './page-signal.ts';

export interface Uncaught {
  /** The newest error's message. */
  message: string;
  /** How many have happened since the last dismissal. */
  count: number;
}

const uncaught = pageSignal<Uncaught | null>(null);

const report = (message: string) => uncaught.set({ message, count: (uncaught.get()?.count ?? 0) + 1 });
const describe = (reason: unknown) => (reason instanceof Error ? reason.message : String(reason));

/** Listens for uncaught errors and unhandled rejections on `target` (the page's window). */
export function watchUncaught(target: Window): void {
  target.addEventListener('error', (e) => report(e.message || describe(e.error)));
  target.addEventListener('unhandledrejection', (e) => report(describe(e.reason)));
}

export const dismissUncaught = () => uncaught.set(null);

/** The newest uncaught error (and how many), or null. */
export const useUncaught = () => useSignal(uncaught);
