// The training worker (src/engine/worker.ts) in Node, in this test file's process: a global `self`
// whose navigator has `gpu` and whose posted messages are collected. One per file: the worker's
// module keeps its state, so a file that loads it must run in a process of its own (the gpu
// project forks one per file).
import type { FromWorker, ToWorker } from '../../src/engine/protocol.ts';

export type Posted<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export interface NodeWorker {
  /** Every message posted and not yet taken by `next`. */
  got: FromWorker[];
  send(m: ToWorker): void;
  /** Takes the first posted message of `type` that passes `ok`, waiting up to 60 s for it. */
  next<T extends FromWorker['type']>(type: T, ok?: (m: Posted<T>) => boolean): Promise<Posted<T>>;
}

export async function startWorker(gpu: Pick<GPU, 'requestAdapter'>): Promise<NodeWorker> {
  const got: FromWorker[] = [];
  const self = { navigator: { gpu }, postMessage: (m: FromWorker) => got.push(m), onmessage: null as null | ((e: { data: ToWorker }) => void) };
  Object.assign(globalThis, { self });
  await import('../../src/engine/worker.ts');
  return {
    got,
    send: (m) => self.onmessage!({ data: m }),
    async next(type, ok = () => true) {
      for (let i = 0; i < 2400; i++) {
        const at = got.findIndex((x) => x.type === type && ok(x as Posted<typeof type>));
        if (at >= 0) return got.splice(at, 1)[0] as Posted<typeof type>;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no '${type}' message; got ${got.map((x) => (x.type === 'error' ? x.message : x.type)).join(', ')}`);
    },
  };
}
