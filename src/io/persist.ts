// The person's saved work in IndexedDB, under one key: read once on load, written (debounced) by
// src/store/persist.ts. Failures (private mode, a blocked or full store) are swallowed: the page
// works without them.
import { get, set } from 'idb-keyval';

const KEY = 'rnn-playground/v1';

/** What was saved last time, or undefined (nothing saved, or IndexedDB unavailable). */
export async function loadSaved<T>(): Promise<Partial<T> | undefined> {
  try {
    return await get<Partial<T>>(KEY);
  } catch {
    return undefined;
  }
}

export function saveWork(value: unknown): void {
  try {
    set(KEY, value).catch(() => undefined);
  } catch {
    // no IndexedDB here at all (idb-keyval throws before it returns a promise)
  }
}
