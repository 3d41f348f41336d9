// The validation loss of a next-character model on the GPU, a slice at a time: the held-out text
// read from zero state in windows of T steps with the state carried across them, then one shorter
// window for the rest — the windows of WindowedLoss (src/model/train.ts), its CPU twin. It reads a
// snapshot of the parameters taken when it opens (its own W_hh copies, refreshed from it), so
// training may go on between slices; only forward passes of its own B = 1 networks. Every window's
// inputs and targets are uploaded once; per window the encoder copies its slice into the network,
// runs the forward pass, copies the per-position losses (lossRows) into one buffer and carries h
// (and c) into the next window; one readback of those losses after the last window.
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

export class GpuValidation implements ValidationRun {
  private readonly owned: GPUBuffer[] = [];
  private readonly params: GPUBuffer; //  (P) the snapshot
  private readonly inputs: GPUBuffer; //  (positions) u32
  private readonly targets: GPUBuffer; // (positions) u32
  private readonly losses: GPUBuffer; //  (positions) f32, -log p per position
  private readonly transposed: RecurrentTranspose;
  private readonly windows: { start: number; T: number; n: GpuNetwork }[];
  private readonly nets: GpuNetwork[];
  private readonly positions: number;
  private next = 0;
  private closed = false;

  constructor(
    private readonly src: GpuValidationSource,
    ids: Int32Array,
    window: number,
  ) {
    const { device, model, layout } = src;
    this.positions = ids.length - 1;
    if (this.positions < 1) throw new RangeError('a validation loss needs at least two ids');
    const T = Math.max(1, Math.min(window, this.positions));
    const full = Math.floor(this.positions / T);
    const rest = this.positions - full * T;
    this.params = this.buffer('val.params', layout.total);
    const enc = device.createCommandEncoder({ label: 'validation snapshot' });
    enc.copyBufferToBuffer(src.params, 0, this.params, 0, layout.total * 4);
    device.queue.submit([enc.finish()]);
    this.transposed = new RecurrentTranspose(device, src.kernels, model, layout);
    this.transposed.refresh(this.params);
    this.inputs = this.buffer('val.inputs', this.positions, Uint32Array.from(ids.subarray(0, this.positions)));
    this.targets = this.buffer('val.targets', this.positions, Uint32Array.from(ids.subarray(1)));
    this.losses = this.buffer('val.losses', this.positions);
    const net = (n: number) => new GpuNetwork(device, src.kernels, model, layout.vocabSize, 1, n, this.params, src.grad, this.transposed);
    this.nets = rest > 0 ? [net(T), net(rest)] : [net(T)];
    this.windows = [...Array.from({ length: full }, (_, w) => ({ start: w * T, T, n: this.nets[0]! })), ...(rest > 0 ? [{ start: full * T, T: rest, n: this.nets[1]! }] : [])];
    for (const n of this.nets) {
      const w = this.windows.find((x) => x.n === n)!;
      n.writeBatch(ids.subarray(w.start, w.start + w.T), ids.subarray(w.start + 1, w.start + w.T + 1)); // its softmax uniforms
    }
  }

  async advance(windows: number): Promise<number | null> {
    const { device } = this.src;
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
    if (this.next < this.windows.length) return null;
    let total = 0;
    for (const x of await readFloats(device, this.losses)) total += x;
    return total / this.positions;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const n of this.nets) n.destroy();
    this.transposed.destroy();
    for (const b of this.owned) b.destroy();
  }

  private buffer(label: string, floats: number, data?: Uint32Array): GPUBuffer {
    const b = this.src.device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    if (data) this.src.device.queue.writeBuffer(b, 0, data);
    this.owned.push(b);
    return b;
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
