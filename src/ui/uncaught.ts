// Errors nobody caught — in the page's scripts, in a promise, or in a worker (an error a Worker
// object does not cancel reaches the page's `error` event) — collected for the status line, so a
// person sees that something failed instead of a silently stuck page. Page-wide by nature: the
// listeners are the window's, installed once by main.tsx.
import { useSyncExternalStore } from 'react';

export interface Uncaught {
  /** The newest error's message. */
  message: string;
  /** How many have happened since the last dismissal. */
  count: number;
}

let current: Uncaught | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function report(message: string): void {
  current = { message, count: (current?.count ?? 0) + 1 };
  notify();
}

const describe = (reason: unknown) => (reason instanceof Error ? reason.message : String(reason));

/** Listens for uncaught errors and unhandled rejections on `target` (the page's window). */
export function watchUncaught(target: Window): void {
  target.addEventListener('error', (e) => report(e.message || describe(e.error)));
  target.addEventListener('unhandledrejection', (e) => report(describe(e.reason)));
}

export function dismissUncaught(): void {
  current = null;
  notify();
}

/** The newest uncaught error (and how many), or null. */
export function useUncaught(): Uncaught | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
