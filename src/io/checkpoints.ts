// The last good model of each run, in IndexedDB: the current session's runs under their cell
// (with their label, model config and loss history, so they come back after a reload), kept runs
// under their id. Failures (private mode, a full disk) are swallowed: checkpoints are a
// convenience, the page works without them.
import { del, get, set } from 'idb-keyval';
import type { Checkpoint, MetricPoint } from '../engine/protocol.ts';
import { CELL_KINDS, type CellKind } from '../model/cells/registry.ts';
import type { ModelConfig } from '../model/config.ts';

const PREFIX = 'rnn-playground/checkpoint/';

/** A current run's checkpoint, with what the page needs to show the run again. */
export interface RunCheckpoint extends Checkpoint {
  label: string;
  model: ModelConfig;
  points: MetricPoint[];
  source: string | null;
}

export const currentRunKey = (runId: string) => `run-${runId}`;

export async function saveCheckpoint(key: string, checkpoint: Checkpoint | RunCheckpoint): Promise<void> {
  await set(PREFIX + key, checkpoint).catch(() => undefined);
}

export async function loadCheckpoint(key: string): Promise<Checkpoint | undefined> {
  return get<Checkpoint>(PREFIX + key).catch(() => undefined);
}

export async function deleteCheckpoint(key: string): Promise<void> {
  await del(PREFIX + key).catch(() => undefined);
}

/** The current session's runs as last checkpointed, in cell order. */
export async function loadRunCheckpoints(): Promise<(RunCheckpoint & { id: CellKind })[]> {
  const found = await Promise.all(CELL_KINDS.map(async (id) => ({ id, c: await get<RunCheckpoint>(PREFIX + currentRunKey(id)).catch(() => undefined) })));
  return found.flatMap(({ id, c }) => (c?.model ? [{ ...c, id }] : []));
}

/** Forgets the current session's runs (a new session or Reset replaces them). */
export async function clearRunCheckpoints(): Promise<void> {
  await Promise.all(CELL_KINDS.map((id) => deleteCheckpoint(currentRunKey(id))));
}
