// The last good model of each run in IndexedDB: the current session's runs under their cell (with
// their label, model config and loss history, so they come back after a reload), kept runs under
// their id. Failures (private mode, a full disk) are swallowed: checkpoints are a convenience, the
// page works without them. Each is stored with the schema version and read back
// through src/io/stored-schema.ts: one that does not fit is deleted and named for the page's notice.
import { del, get, set } from 'idb-keyval';
import { CELL_KINDS, type CellKind } from '../model/cells/registry.ts';
import { readCheckpoint, readRunCheckpoint, SCHEMA_VERSION, type Checkpoint, type RunCheckpoint, type StoredProblem } from './stored-schema.ts';

export type { Checkpoint, RunCheckpoint };

const PREFIX = 'rnn-playground/checkpoint/';

export const currentRunKey = (runId: string) => `run-${runId}`;

/** IndexedDB's answer, or undefined when it fails (even where it is missing and idb-keyval throws). */
async function quietly<T>(op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch {
    return undefined;
  }
}

export async function saveCheckpoint(key: string, checkpoint: Checkpoint | RunCheckpoint): Promise<void> {
  await quietly(() => set(PREFIX + key, { ...checkpoint, version: SCHEMA_VERSION }));
}

/** A stored model, or undefined (none, IndexedDB unavailable, or a record that does not fit). */
export async function loadCheckpoint(key: string): Promise<Checkpoint | undefined> {
  return readCheckpoint(await quietly(() => get<unknown>(PREFIX + key)));
}

export async function deleteCheckpoint(key: string): Promise<void> {
  await quietly(() => del(PREFIX + key));
}

/** The current session's runs as last checkpointed, in cell order, and those that did not fit the
 *  schema (deleted: they would not fit on the next load either). */
export async function loadRunCheckpoints(): Promise<{ runs: (RunCheckpoint & { id: CellKind })[]; problems: StoredProblem[] }> {
  const found = await Promise.all(CELL_KINDS.map(async (id) => ({ id, c: readRunCheckpoint(await quietly(() => get<unknown>(PREFIX + currentRunKey(id))), id) })));
  const runs: (RunCheckpoint & { id: CellKind })[] = [];
  const problems: StoredProblem[] = [];
  for (const { id, c } of found) {
    if (!c) continue;
    if ('key' in c) {
      problems.push(c);
      void deleteCheckpoint(currentRunKey(id));
    } else runs.push({ ...c, id });
  }
  return { runs, problems };
}

/** Forgets the current session's runs (a new session or Reset replaces them). */
export async function clearRunCheckpoints(): Promise<void> {
  await Promise.all(CELL_KINDS.map((id) => deleteCheckpoint(currentRunKey(id))));
}
