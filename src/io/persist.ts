// The person's saved work in IndexedDB: read once on load, written (debounced) by
// src/store/persist.ts. The work is one record, except its kept runs: each under a key of its own,
// written only when that run changed (kept, renamed), so a change of a setting or a chart option
// never clones the kept runs' histories (six runs of 20,000 points took a 60-70 ms main-thread
// task inside one record; bench/NOTES.md). Failures (private mode, a blocked or full store) are
// swallowed: the page works without them. Saved with the schema version; read back through
// src/io/stored-schema.ts, which migrates older records (kept runs inside the work record
// included) and drops what does not fit.
import { delMany, get, getMany, keys, setMany } from 'idb-keyval';
import { readSavedWork, SCHEMA_VERSION, type KeptRun, type SavedWork, type StoredProblem } from './stored-schema.ts';

/** The key of the saved work (its schema version is stored inside, not in the name). */
export const WORK_KEY = 'rnn-playground/v1';
/** Kept run `id` is stored under KEPT_PREFIX + id; the work record lists them in order (keptIds). */
export const KEPT_PREFIX = 'rnn-playground/kept/';

/** Kept runs as this page last wrote or read them: one that is still the same object is not written again. */
const written = new WeakSet<KeptRun>();
/** The kept runs the last save wrote (their order), to tell when the list itself changed. */
let writtenList: readonly KeptRun[] | null = null;

/** The stored work record with its kept runs in place: read from their own keys (keptIds), or
 *  inline (records saved before kept runs had keys, and tests that write them so). */
async function withKeptRuns(raw: unknown): Promise<{ raw: unknown; fromKeys: boolean }> {
  if (typeof raw !== 'object' || raw === null || !('keptIds' in raw) || 'kept' in raw) return { raw, fromKeys: false };
  const { keptIds, ...work } = raw as { keptIds: unknown };
  if (!Array.isArray(keptIds) || !keptIds.every((id) => typeof id === 'string')) return { raw: work, fromKeys: false };
  const runs = await getMany<unknown>(keptIds.map((id: string) => KEPT_PREFIX + id));
  return { raw: { ...work, kept: runs.filter((r) => r !== undefined) }, fromKeys: true };
}

/** What was saved last time that fits the current schema (empty: nothing saved, or IndexedDB
 *  unavailable), and what was dropped. */
export async function loadSaved(): Promise<{ work: Partial<SavedWork>; problems: StoredProblem[] }> {
  let stored: { raw: unknown; fromKeys: boolean };
  try {
    stored = await withKeptRuns(await get<unknown>(WORK_KEY));
  } catch {
    stored = { raw: undefined, fromKeys: false };
  }
  const read = readSavedWork(stored.raw);
  if (stored.fromKeys) for (const k of read.work.kept ?? []) written.add(k); // stored as they are
  return read;
}

/** Saves the work (kept runs that changed under their own keys, those deleted removed); the promise
 *  settles once it is written (or could not be). */
export async function saveWork(value: Partial<SavedWork>): Promise<void> {
  const { kept = [], ...work } = value;
  try {
    const changed = kept.filter((k) => !written.has(k));
    // one transaction: the record never lists a run whose own key was not written with it
    await setMany([[WORK_KEY, { ...work, keptIds: kept.map((k) => k.id), version: SCHEMA_VERSION }], ...changed.map((k): [string, KeptRun] => [KEPT_PREFIX + k.id, k])]);
    for (const k of changed) written.add(k);
    if (kept !== writtenList) {
      writtenList = kept;
      const ids = new Set(kept.map((k) => KEPT_PREFIX + k.id));
      const gone = (await keys()).filter((key) => typeof key === 'string' && key.startsWith(KEPT_PREFIX) && !ids.has(key));
      if (gone.length) await delMany(gone);
    }
  } catch {
    // storage full or blocked, or no IndexedDB here at all: the page keeps working
  }
}
