// GpuNetwork: the recurrent network of one shape (model, V, B, T) on the GPU: its buffers (where
// each section lies: layout.ts NetLayout), the batch written into them, and the dispatch records
// of a forward and a backward pass, built once (network-dispatches.ts). The forward pass: input
// projection for all T, one fused cell dispatch per (layer, time step), logits, softmax + loss +
// dlogits for all positions; the backward pass: one or two cell dispatches per (layer, time
// step), then weight gradients as matmuls over all T*B positions. Both directions of a
// bidirectional layer share each cell dispatch. The output layer is the decoder at every
// position, or (labels > 0) a many-to-one classifier on the final states.
import { cellSpec } from '../../model/cells/registry.ts';
import type { ModelConfig } from '../../model/config.ts';
import { buildLayout, type ParamLayout } from '../../model/params.ts';
import type { Kernels } from './kernels.ts';
import { NetLayout } from './layout.ts';
import { buildDispatches, type Dispatch, type LayerBuffers, type NetworkBuffers } from './network-dispatches.ts';
import type { RecurrentTranspose } from './transpose.ts';
import { SoftmaxDims, storageUsage } from './uniforms.ts';

export type { Dispatch, LayerBuffers } from './network-dispatches.ts';

export class GpuNetwork implements NetworkBuffers {
  readonly layout: ParamLayout;
  /** Where every section of the buffers lies. */
  readonly sections: NetLayout;
  readonly H: number;
  readonly G: number;
  readonly dirs: number;
  readonly N: number;
  readonly layers: LayerBuffers[] = [];
  readonly ids: GPUBuffer; //     (N) u32 input ids, time-major
  readonly targets: GPUBuffer; // (N) u32 target ids, or (B) labels (0xffffffff = not counted)
  readonly groups: GPUBuffer; //  (V+1 + N) u32: positions grouped by input id, for embed_grad
  readonly logits: GPUBuffer; //  (R, K) logits, then probabilities
  readonly dlogits: GPUBuffer; // (R, K)
  readonly lossRows: GPUBuffer; // (R) per-row loss
  readonly rightRows: GPUBuffer; // (R) 1 where the most likely symbol is the target, else 0
  /** Classifier only: (B, H*dirs) the final states it reads, and their gradient. */
  readonly final: GPUBuffer | null = null;
  readonly dFinal: GPUBuffer | null = null;
  /** Width of the output layer: V (decoder) or the number of labels (classifier). */
  readonly K: number;
  /** Rows of the output layer: N (decoder) or B (classifier). */
  readonly R: number;
  /** Positions whose target counts in the loss, as of the last writeBatch. */
  counted = 0;
  /** (2, B, H) bounce for h, c: WebGPU cannot copy within one buffer. */
  private readonly carry: GPUBuffer;
  /** SoftmaxDims of softmax_xent: 1 / counted changes with each batch. */
  readonly softmaxDims: GPUBuffer;
  /** Per layer: its input projection (all T) and one cell dispatch per processing step s. */
  readonly layerForward: { projection: Dispatch; cells: Dispatch[] }[];
  /** Logits and softmax + loss + dlogits over all positions (a classifier: gather first). */
  readonly decoderForward: Dispatch[];
  /** The whole forward pass in order (projection and cells of each layer, then the decoder). */
  readonly forwardDispatches: Dispatch[];
  readonly backwardDispatches: Dispatch[];
  private readonly owned: GPUBuffer[] = [];
  private destroyed = false;

  constructor(
    readonly device: GPUDevice,
    readonly kernels: Kernels,
    readonly model: ModelConfig,
    readonly V: number,
    readonly B: number,
    readonly T: number,
    /** The flat parameter and gradient buffers and W_hh^T (owned by the caller). */
    readonly params: GPUBuffer,
    readonly grad: GPUBuffer,
    readonly transposed: RecurrentTranspose,
    /** > 0: a classifier over this many labels on the final states, instead of the decoder. */
    readonly labels = 0,
  ) {
    this.layout = buildLayout(model, V, labels);
    const at = (this.sections = NetLayout.of(model, B, T));
    this.H = at.H;
    this.G = at.G;
    this.dirs = at.dirs;
    this.N = at.N;
    this.K = labels > 0 ? labels : V;
    this.R = labels > 0 ? B : this.N;
    const { N, K, R } = this;
    this.ids = this.buffer('ids', N);
    this.targets = this.buffer('targets', N);
    this.groups = this.buffer('groups', V + 1 + N);
    this.logits = this.buffer('logits', R * K);
    this.dlogits = this.buffer('dlogits', R * K);
    this.lossRows = this.buffer('lossRows', R);
    this.rightRows = this.buffer('rightRows', R);
    if (labels > 0) {
      this.final = this.buffer('final', B * at.D);
      this.dFinal = this.buffer('dFinal', B * at.D);
    }
    this.carry = this.buffer('carry', 2 * B * at.H);
    for (let l = 0; l < model.numLayers; l++) {
      this.layers.push({
        acts: this.buffer(`acts${l}`, at.acts.floats),
        states: this.buffer(`states${l}`, at.states.floats),
        out: this.buffer(`out${l}`, at.outFloats),
        dacts: this.buffer(`dacts${l}`, at.dacts.floats),
        dOut: this.buffer(`dOut${l}`, at.outFloats),
        dstep: this.buffer(`dstep${l}`, at.dstep.floats),
        normsq: this.buffer(`normsq${l}`, at.normsq.floats),
      });
    }
    const d = buildDispatches(this, (b) => this.own(b));
    this.softmaxDims = d.softmaxDims;
    this.layerForward = d.layerForward;
    this.decoderForward = d.decoderForward;
    this.forwardDispatches = [...this.layerForward.flatMap((f) => [f.projection, ...f.cells]), ...this.decoderForward];
    this.backwardDispatches = d.backward;
  }

  /** Writes one batch: ids (N, time-major), targets (N next ids, or B labels for a classifier)
   *  and the per-symbol position groups. */
  writeBatch(inputs: Int32Array, targets: Int32Array): void {
    const { V, N } = this;
    const q = this.device.queue;
    q.writeBuffer(this.ids, 0, Uint32Array.from(inputs));
    q.writeBuffer(this.targets, 0, Uint32Array.from(targets, (y) => (y < 0 ? 0xffffffff : y)));
    // the loss is the mean over the positions that count (PyTorch's ignore_index semantics)
    this.counted = targets.reduce((n, y) => n + (y >= 0 ? 1 : 0), 0);
    SoftmaxDims.write(q, this.softmaxDims, { N: this.R, V: this.K, invCount: this.counted > 0 ? 1 / this.counted : 0 });
    const g = new Uint32Array(V + 1 + N);
    for (let n = 0; n < N; n++) g[inputs[n]! + 1]!++;
    for (let v = 0; v < V; v++) g[v + 1]! += g[v]!;
    const fill = g.slice(0, V);
    for (let n = 0; n < N; n++) g[V + 1 + fill[inputs[n]!]!++] = n;
    q.writeBuffer(this.groups, 0, g);
  }

  /** Before the pass: zero the BPTT carries (and the initial state when `reset`). */
  encodePre(encoder: GPUCommandEncoder, reset: boolean): void {
    const { h0, initial } = this.sections.states;
    for (const L of this.layers) {
      encoder.clearBuffer(L.dstep);
      if (reset) encoder.clearBuffer(L.states, h0 * 4, 2 * initial * 4);
    }
  }

  /** After the pass: carry the forward direction's final h (and c) into h0 (c0) for the next window. */
  encodeCarry(encoder: GPUCommandEncoder): void {
    const at = this.sections;
    const { h, c, h0, c0 } = at.states;
    const rowBytes = this.B * this.H * 4;
    const last = at.at(0, this.T - 1, 0, this.H);
    const carried = cellSpec(this.model).hasCellState ? [[h, h0], [c, c0]] : [[h, h0]];
    for (const L of this.layers) {
      carried.forEach(([from, to], i) => {
        encoder.copyBufferToBuffer(L.states, (from! + last) * 4, this.carry, i * rowBytes, rowBytes);
        encoder.copyBufferToBuffer(this.carry, i * rowBytes, L.states, to! * 4, rowBytes);
      });
    }
  }

  /** Records the dispatches into the pass; returns how many. */
  static encode(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): number {
    for (const d of dispatches) {
      pass.setPipeline(d.pipeline);
      d.groups.forEach((g, i) => pass.setBindGroup(i, g));
      pass.dispatchWorkgroups(d.x, d.y, d.z ?? 1);
    }
    return dispatches.length;
  }

  /** Bytes of the GPU buffers this network owns. */
  get bytes(): number {
    return this.owned.reduce((n, b) => n + b.size, 0);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const b of this.owned) b.destroy();
  }

  private own(b: GPUBuffer): GPUBuffer {
    this.owned.push(b);
    return b;
  }

  private buffer(label: string, floats: number): GPUBuffer {
    return this.own(this.device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() }));
  }
}
