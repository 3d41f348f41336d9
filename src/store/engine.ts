// The page's one training worker, created on first use, and the listeners of its messages (the
// action modules each register theirs).
import { EngineClient } from '../engine/client.ts';
import type { FromWorker } from '../engine/protocol.ts';

let client: EngineClient | null = null;
const listeners: ((m: FromWorker) => void)[] = [];

export function engine(): EngineClient {
  client ??= new EngineClient((m) => listeners.forEach((l) => l(m)));
  return client;
}

export function onEngineMessage(listener: (m: FromWorker) => void): void {
  listeners.push(listener);
}
