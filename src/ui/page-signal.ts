// A value the whole page shares outside React and the store (an uncaught error, a waiting service
// worker update), read by components with useSignal: for things that belong to the browser page
// itself, not to the person's work.
import { useSyncExternalStore } from 'react';

export interface PageSignal<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function pageSignal<T>(initial: T): PageSignal<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The signal's current value; re-renders when it changes. */
export function useSignal<T>(signal: PageSignal<T>): T {
  return useSyncExternalStore(signal.subscribe, signal.get);
}
