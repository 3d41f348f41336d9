// Engine slice: the page's one training worker, started on first use (or at idle), every message
// of which goes to the dispatcher (src/store/dispatch.ts); and what the worker found when it
// started — the adapter that passed its self-test, or why training runs on the CPU.
import { EngineClient } from '../engine/client.ts';
import { dispatch } from './dispatch.ts';
import type { EngineSlice, Slice } from './state.ts';

export const createEngineSlice: Slice<EngineSlice> = (set, get) => {
  let client: EngineClient | null = null;
  const start = () => (client ??= new EngineClient((m) => dispatch(get(), m)));
  return {
    gpu: { kind: 'checking' },
    startEngine: () => void start(),
    send: (m, transfer = []) => start().send(m, transfer),
    gpuReported: (m) => set({ gpu: m.report }),
  };
};
