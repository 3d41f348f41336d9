// The last good checkpoint of each run, in IndexedDB (a safetensors file and its step): current
// runs under their cell, kept runs under their id. Failures (private mode, a full disk) are
// swallowed: checkpoints are a convenience, the page works without them.
import { del, get, set } from 'idb-keyval';
import type { Checkpoint } from '../engine/protocol.ts';

const PREFIX = 'rnn-playground/checkpoint/';

export const currentRunKey = (runId: string) => `run-${runId}`;

export async function saveCheckpoint(key: string, checkpoint: Checkpoint): Promise<void> {
  await set(PREFIX + key, checkpoint).catch(() => undefined);
}

export async function loadCheckpoint(key: string): Promise<Checkpoint | undefined> {
  return get<Checkpoint>(PREFIX + key).catch(() => undefined);
}

export async function deleteCheckpoint(key: string): Promise<void> {
  await del(PREFIX + key).catch(() => undefined);
}
