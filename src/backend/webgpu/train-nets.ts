// The training networks of one model, by sequence length: one (at seqLen) in next-character mode,
// one per length met in line and classification modes. Built on demand; beyond a memory budget
// the least recently used are freed (and rebuilt if that length comes back).
import type { Dispatch, GpuNetwork } from './network.ts';

/** GPU memory the training networks may keep together. */
export const NET_BYTES = 256 * 2 ** 20;

/** A training network and the stats dispatch that reads its loss rows. */
export interface TrainNet {
  net: GpuNetwork;
  finalize: Dispatch;
}

export class TrainNets {
  /** Most recently used last. */
  private readonly nets = new Map<number, TrainNet>();

  constructor(
    private readonly build: (T: number) => TrainNet,
    private readonly budget = NET_BYTES,
  ) {}

  /** The network for sequences of length T. */
  get(T: number): TrainNet {
    let t = this.nets.get(T);
    if (t) this.nets.delete(T);
    else {
      t = this.build(T);
      let kept = [...this.nets.values()].reduce((n, x) => n + x.net.bytes, t.net.bytes);
      for (const [length, old] of this.nets) {
        if (kept <= this.budget) break;
        kept -= old.net.bytes;
        old.net.destroy();
        this.nets.delete(length);
      }
    }
    this.nets.set(T, t);
    return t;
  }

  destroy(): void {
    for (const t of this.nets.values()) t.net.destroy();
    this.nets.clear();
  }
}
