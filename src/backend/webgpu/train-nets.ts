// The networks of one model, by sequence length. Training: one (at seqLen) in next-character mode,
// one per length met in line and classification modes, built on demand; beyond a memory budget
// the least recently used are freed (and rebuilt if that length comes back). Side networks (B = 1)
// for traces and sampling: SideNets.
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

  /** Bytes of the GPU buffers of the networks kept. */
  get bytes(): number {
    return [...this.nets.values()].reduce((n, t) => n + t.net.bytes, 0);
  }

  destroy(): void {
    for (const t of this.nets.values()) t.net.destroy();
    this.nets.clear();
  }
}

/** The B = 1 networks of traces (by window length) and sampling (T = 1): built on demand, at most
 *  `keep` at a time (the sampler's stays). */
export class SideNets {
  private readonly nets = new Map<number, GpuNetwork>();

  constructor(
    private readonly build: (T: number) => GpuNetwork,
    private readonly keep = 4,
  ) {}

  get(T: number): GpuNetwork {
    let net = this.nets.get(T);
    if (!net) {
      if (this.nets.size >= this.keep) {
        for (const [k, n] of this.nets) {
          if (k === 1) continue; // keep the sampler's network
          n.destroy();
          this.nets.delete(k);
        }
      }
      net = this.build(T);
      this.nets.set(T, net);
    }
    return net;
  }

  /** Bytes of the GPU buffers of the networks kept. */
  get bytes(): number {
    return [...this.nets.values()].reduce((n, net) => n + net.bytes, 0);
  }

  destroy(): void {
    for (const n of this.nets.values()) n.destroy();
    this.nets.clear();
  }
}
