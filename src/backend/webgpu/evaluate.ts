// The validation loss on the GPU, a slice at a time, on a snapshot of the parameters taken when it
// opens (with its own W_hh copies, refreshed from it), so training may go on between slices; only
// forward passes of its own networks; the per-position losses (lossRows) gathered in one buffer,
// one readback after the last slice.
//   GpuValidation (next character): the held-out text read from zero state in windows of T steps
//     with the state carried across them, then one shorter window for the rest — the windows of
//     WindowedLoss (src/model/train.ts), its CPU twin. Every window's inputs and targets are
//     uploaded once; per window the encoder copies its slice into a B = 1 network, runs the
//     forward pass, copies its losses out and carries h (and c) into the next window.
//   GpuLinesValidation (lines): each line START c1 .. cn END from zero state, lines of one length
//     side by side in one network (B = their number) — LinesLoss (src/model/sequence-train.ts)
//     reads them one at a time; a row's loss does not depend on its neighbours.
import { cellSpec } from '../../model/cells/registry.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import type { ValidationRun } from '../types.ts';
import type { Kernels } from './kernels.ts';
import { GpuNetwork } from './network.ts';
import { readFloats } from './readback.ts';
import { RecurrentTranspose } from './transpose.ts';
import { storageUsage } from './uniforms.ts';

/** Windows encoded per submit. */
const WINDOWS_PER_SUBMIT = 32;

/** What it needs of the backend: the device and kernels, the model, the live parameters (P) and
 *  a gradient buffer (P) its networks are bound to (a forward pass never writes it). */
export interface GpuValidationSource {
  device: GPUDevice;
  kernels: Kernels;
  model: ModelConfig;
  layout: ParamLayout;
  params: GPUBuffer;
  grad: GPUBuffer;
}

/** The parameters as they were when an evaluation opened, the buffers it owns, and its networks. */
class Snapshot {
  private readonly owned: GPUBuffer[] = [];
  private readonly nets: GpuNetwork[] = [];
  private readonly params: GPUBuffer; // (P) the copy
  private readonly transposed: RecurrentTranspose;
  private closed = false;

  constructor(readonly src: GpuValidationSource) {
    const { device, model, layout } = src;
    this.params = this.buffer('val.params', layout.total);
    const enc = device.createCommandEncoder({ label: 'validation snapshot' });
    enc.copyBufferToBuffer(src.params, 0, this.params, 0, layout.total * 4);
    device.queue.submit([enc.finish()]);
    this.transposed = new RecurrentTranspose(device, src.kernels, model, layout);
    this.transposed.refresh(this.params);
  }

  /** A network of B sequences of T steps reading the copy. */
  net(B: number, T: number): GpuNetwork {
    const { device, kernels, model, layout, grad } = this.src;
    const n = new GpuNetwork(device, kernels, model, layout.vocabSize, B, T, this.params, grad, this.transposed);
    this.nets.push(n);
    return n;
  }

  buffer(label: string, floats: number, data?: Uint32Array): GPUBuffer {
    const b = this.src.device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    if (data) this.src.device.queue.writeBuffer(b, 0, data);
    this.owned.push(b);
    return b;
  }

  /** The mean of the first `count` floats of `losses` (one readback). */
  async mean(losses: GPUBuffer, count: number): Promise<number> {
    let total = 0;
    for (const x of await readFloats(this.src.device, losses, 0, count)) total += x;
    return total / count;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const n of this.nets) n.destroy();
    this.transposed.destroy();
    for (const b of this.owned) b.destroy();
  }
}

export class GpuValidation implements ValidationRun {
  private readonly at: Snapshot;
  private readonly inputs: GPUBuffer; //  (positions) u32
  private readonly targets: GPUBuffer; // (positions) u32
  private readonly losses: GPUBuffer; //  (positions) f32, -log p per position
  private readonly windows: { start: number; T: number; n: GpuNetwork }[];
  private readonly nets: GpuNetwork[];
  private readonly positions: number;
  private next = 0;

  constructor(src: GpuValidationSource, ids: Int32Array, window: number) {
    this.positions = ids.length - 1;
    if (this.positions < 1) throw new RangeError('a validation loss needs at least two ids');
    const T = Math.max(1, Math.min(window, this.positions));
    const full = Math.floor(this.positions / T);
    const rest = this.positions - full * T;
    const at = (this.at = new Snapshot(src));
    this.inputs = at.buffer('val.inputs', this.positions, Uint32Array.from(ids.subarray(0, this.positions)));
    this.targets = at.buffer('val.targets', this.positions, Uint32Array.from(ids.subarray(1)));
    this.losses = at.buffer('val.losses', this.positions);
    this.nets = rest > 0 ? [at.net(1, T), at.net(1, rest)] : [at.net(1, T)];
    this.windows = [...Array.from({ length: full }, (_, w) => ({ start: w * T, T, n: this.nets[0]! })), ...(rest > 0 ? [{ start: full * T, T: rest, n: this.nets[1]! }] : [])];
    for (const n of this.nets) {
      const w = this.windows.find((x) => x.n === n)!;
      n.writeBatch(ids.subarray(w.start, w.start + w.T), ids.subarray(w.start + 1, w.start + w.T + 1)); // its softmax uniforms
    }
  }

  async advance(windows: number): Promise<number | null> {
    const { device } = this.at.src;
    const end = Math.min(this.windows.length, this.next + windows);
    while (this.next < end) {
      const enc = device.createCommandEncoder({ label: 'validation' });
      for (const stop = Math.min(end, this.next + WINDOWS_PER_SUBMIT); this.next < stop; this.next++) {
        const w = this.windows[this.next]!;
        const prev = this.next > 0 ? this.windows[this.next - 1]!.n : null;
        enc.copyBufferToBuffer(this.inputs, w.start * 4, w.n.ids, 0, w.T * 4);
        enc.copyBufferToBuffer(this.targets, w.start * 4, w.n.targets, 0, w.T * 4);
        if (w.n !== prev) w.n.encodePre(enc, true); // zero state
        if (prev && w.n !== prev) carryInto(enc, prev, w.n);
        const pass = enc.beginComputePass({ label: 'validation window' });
        GpuNetwork.encode(pass, w.n.forwardDispatches);
        pass.end();
        enc.copyBufferToBuffer(w.n.lossRows, 0, this.losses, w.start * 4, w.T * 4);
        w.n.encodeCarry(enc);
      }
      device.queue.submit([enc.finish()]);
    }
    return this.next < this.windows.length ? null : this.at.mean(this.losses, this.positions);
  }

  close(): void {
    this.at.close();
  }
}

export class GpuLinesValidation implements ValidationRun {
  private readonly at: Snapshot;
  private readonly losses: GPUBuffer; // (positions) f32, -log p per position, bucket after bucket
  /** Lines of one length: T (characters + 1) and their ids (START .. END, T + 1 each). */
  private readonly buckets: { T: number; seqs: Int32Array[] }[];
  private readonly positions: number;
  private next = 0;
  private offset = 0;

  constructor(src: GpuValidationSource, seqs: readonly Int32Array[]) {
    const byT = new Map<number, Int32Array[]>();
    for (const ids of seqs) byT.set(ids.length - 1, [...(byT.get(ids.length - 1) ?? []), ids]);
    this.buckets = [...byT].sort(([a], [b]) => a - b).map(([T, s]) => ({ T, seqs: s }));
    this.positions = seqs.reduce((n, ids) => n + ids.length - 1, 0);
    if (this.positions < 1) throw new RangeError('a validation loss needs at least one line');
    this.at = new Snapshot(src);
    this.losses = this.at.buffer('val.losses', this.positions);
  }

  async advance(lines: number): Promise<number | null> {
    const enc = this.at.src.device.createCommandEncoder({ label: 'validation lines' });
    for (let done = 0; done < lines && this.next < this.buckets.length; this.next++) {
      const { T, seqs } = this.buckets[this.next]!;
      const B = seqs.length;
      const inputs = new Int32Array(T * B); //  (T, B) time-major
      const targets = new Int32Array(T * B); // (T, B)
      seqs.forEach((ids, b) => {
        for (let t = 0; t < T; t++) [inputs[t * B + b], targets[t * B + b]] = [ids[t]!, ids[t + 1]!];
      });
      const n = this.at.net(B, T);
      n.writeBatch(inputs, targets);
      n.encodePre(enc, true);
      const pass = enc.beginComputePass({ label: 'validation lines' });
      GpuNetwork.encode(pass, n.forwardDispatches);
      pass.end();
      enc.copyBufferToBuffer(n.lossRows, 0, this.losses, this.offset * 4, T * B * 4);
      this.offset += T * B;
      done += B;
    }
    this.at.src.device.queue.submit([enc.finish()]);
    return this.next < this.buckets.length ? null : this.at.mean(this.losses, this.positions);
  }

  close(): void {
    this.at.close();
  }
}

/** The carried h0 (and c0) of `from` (after its encodeCarry) into `to`'s initial state, per layer. */
function carryInto(enc: GPUCommandEncoder, from: GpuNetwork, to: GpuNetwork): void {
  const rowBytes = from.B * from.H * 4; // (B, H) of the forward direction
  const a = from.sections.states;
  const b = to.sections.states;
  const pairs = cellSpec(from.model).hasCellState ? [[a.h0, b.h0], [a.c0, b.c0]] : [[a.h0, b.h0]];
  from.layers.forEach((L, l) => {
    for (const [src, dst] of pairs) enc.copyBufferToBuffer(L.states, src! * 4, to.layers[l]!.states, dst! * 4, rowBytes);
  });
}
