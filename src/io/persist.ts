// The person's saved work in IndexedDB, under one key: read once on load, written (debounced) by
// src/store/persist.ts. Failures (private mode, a blocked or full store) are swallowed: the page
// works without them. Saved with the schema version; read back through src/io/stored-schema.ts,
// which migrates older records and drops what does not fit.
import { get, set } from 'idb-keyval';
import { readSavedWork, SCHEMA_VERSION, type SavedWork, type StoredProblem } from './stored-schema.ts';

/** The key of the saved work (its schema version is stored inside, not in the name). */
export const WORK_KEY = 'rnn-playground/v1';

/** What was saved last time that fits the current schema (empty: nothing saved, or IndexedDB
 *  unavailable), and what was dropped. */
export async function loadSaved(): Promise<{ work: Partial<SavedWork>; problems: StoredProblem[] }> {
  let raw: unknown;
  try {
    raw = await get<unknown>(WORK_KEY);
  } catch {
    raw = undefined;
  }
  return readSavedWork(raw);
}

/** Saves the work; the promise settles once it is written (or could not be). */
export async function saveWork(value: Partial<SavedWork>): Promise<void> {
  try {
    await set(WORK_KEY, { ...value, version: SCHEMA_VERSION });
  } catch {
    // storage full or blocked, or no IndexedDB here at all: the page keeps working
  }
}
