// The last good model of each run in IndexedDB: the current session's runs under their cell (with
// their label, model config and loss history, so they come back after a reload), kept runs under
// their id; and each current run's resumable state (parameters, optimizer state, step), so that
// training continues after a reload where it was. Failures (private mode, a full disk) are swallowed: checkpoints are a convenience, the
// page works without them. Each is stored with the schema version and read back
// through src/io/stored-schema.ts: one that does not fit is deleted and named for the page's notice.
import { del, get, set } from 'idb-keyval';
import { CELL_KINDS, type CellKind } from '../model/cells/registry.ts';
import { readCheckpoint, readResume, readRunCheckpoint, SCHEMA_VERSION, type Checkpoint, type RunCheckpoint, type StoredProblem, type StoredResume } from './stored-schema.ts';

export type { Checkpoint, RunCheckpoint, StoredResume };

const PREFIX = 'rnn-playground/checkpoint/';

export const currentRunKey = (runId: string) => `run-${runId}`;
const resumeKey = (runId: string) => `resume-${runId}`;

/** IndexedDB's answer, or undefined when it fails (even where it is missing and idb-keyval throws). */
async function quietly<T>(op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch {
    return undefined;
  }
}

export async function saveCheckpoint(key: string, checkpoint: Checkpoint | RunCheckpoint | StoredResume): Promise<void> {
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

/** Forgets a run of the current session: its last parameters and its resumable state. */
export async function deleteRunRecords(runId: string): Promise<void> {
  await Promise.all([deleteCheckpoint(currentRunKey(runId)), deleteCheckpoint(resumeKey(runId))]);
}

/** Forgets the current session's runs and their resumable states (a new session or Reset replaces them). */
export async function clearRunCheckpoints(): Promise<void> {
  await Promise.all(CELL_KINDS.map(deleteRunRecords));
}

export async function saveResume(runId: string, state: StoredResume): Promise<void> {
  await saveCheckpoint(resumeKey(runId), state);
}

/** The current session's resumable states by run (those that do not fit are left out). */
export async function loadResumes(): Promise<Partial<Record<CellKind, StoredResume>>> {
  const found = await Promise.all(CELL_KINDS.map(async (id) => [id, readResume(await quietly(() => get<unknown>(PREFIX + resumeKey(id))))] as const));
  return Object.fromEntries(found.filter(([, r]) => r !== undefined));
}
