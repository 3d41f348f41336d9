// GpuNetwork: the recurrent network of one shape (model, V, B, T) on the GPU. Builds its buffers,
// bind groups and dispatch records once; encodes a forward pass (input projection for all T, one
// fused cell dispatch per (layer, time step), logits, softmax + loss + dlogits for all positions)
// and a backward pass (one cell dispatch per (layer, time step), then weight gradients as matmuls
// over all T*B positions). Both directions of a bidirectional layer share each cell dispatch.
// The output layer is the decoder at every position, or (labels > 0) a many-to-one classifier on
// the final states: gathered from the top layer's output, and its gradient scattered back there.
// Buffers per layer (floats; N = T*B, G*H = GH, D = H*dirs; see the shader headers):
//   acts   xp | pre | post        3 x (dirs, T, B, GH)
//   states h | c | aux | h0 | c0  3 x (dirs, T, B, H) + 2 x (dirs, B, H)
//   out (N, D) · dacts dxp | dhp 2 x (dirs, T, B, GH) · dOut (N, D) · dstep 4 x (dirs, B, H) · normsq 2 x (dirs, T, B)
// Output (R rows of K: R = N, K = V for the decoder; R = B, K = labels for the classifier):
//   logits, dlogits (R, K) · lossRows (R) · classifier only: final, dFinal (B, D)
import { directions, gateCount, type ModelConfig } from '../../model/config.ts';
import { buildLayout, type ParamLayout } from '../../model/params.ts';
import { cellCode, grid, Kernels, type KernelName } from './kernels.ts';
import type { RecurrentTranspose } from './transpose.ts';
import { storageUsage, uniformBuffer, type Field } from './uniforms.ts';

export interface Dispatch {
  pipeline: GPUComputePipeline;
  groups: GPUBindGroup[];
  x: number;
  y: number;
  /** Workgroups along z (1 when absent). */
  z?: number;
}

export interface LayerBuffers {
  acts: GPUBuffer;
  states: GPUBuffer;
  out: GPUBuffer;
  dacts: GPUBuffer;
  dOut: GPUBuffer;
  dstep: GPUBuffer;
  normsq: GPUBuffer;
}

const CELL_ROWS = 4; // batch rows per cell_forward / cell_backward_dh (and narrow cell_backward) workgroup (R in the WGSL)
const CELL_UNITS = 64; // units per cell_forward / cell_backward_dh workgroup (WG): z tiles the units
const STEP_SLOT = 256; // bytes between per-step uniform slots (minUniformBufferOffsetAlignment)

export class GpuNetwork {
  readonly layout: ParamLayout;
  readonly H: number;
  readonly G: number;
  readonly dirs: number;
  readonly N: number;
  readonly layers: LayerBuffers[] = [];
  readonly ids: GPUBuffer; //     (N) u32 input ids, time-major
  readonly targets: GPUBuffer; // (N) u32 target ids (0xffffffff = not counted)
  readonly groups: GPUBuffer; //  (V+1 + N) u32: positions grouped by input id, for embed_grad
  readonly logits: GPUBuffer; //  (R, K) logits, then probabilities
  readonly dlogits: GPUBuffer; // (R, K)
  readonly lossRows: GPUBuffer; // (R)
  /** Classifier only: (B, D) the final states it reads, and their gradient. */
  private readonly final: GPUBuffer | null = null;
  private readonly dFinal: GPUBuffer | null = null;
  /** Width of the output layer: V (decoder) or the number of labels (classifier). */
  readonly K: number;
  /** Rows of the output layer: N (decoder) or B (classifier). */
  readonly R: number;
  /** Positions whose target counts in the loss, as of the last writeBatch. */
  counted = 0;
  private softmaxDims: GPUBuffer | null = null;
  private readonly carry: GPUBuffer; // (2, B, H) bounce for h, c: WebGPU cannot copy within one buffer
  /** Per layer: its input projection (all T) and one cell dispatch per processing step s. */
  readonly layerForward: { projection: Dispatch; cells: Dispatch[] }[] = [];
  /** Logits and softmax + loss + dlogits over all positions. */
  readonly decoderForward: Dispatch[] = [];
  /** The whole forward pass in order (projection and cells of each layer, then the decoder). */
  readonly forwardDispatches: Dispatch[];
  readonly backwardDispatches: Dispatch[] = [];
  private readonly owned: GPUBuffer[] = [];
  private destroyed = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly kernels: Kernels,
    readonly model: ModelConfig,
    readonly V: number,
    readonly B: number,
    readonly T: number,
    /** The flat parameter and gradient buffers and W_hh^T (owned by the caller). */
    readonly params: GPUBuffer,
    readonly grad: GPUBuffer,
    private readonly transposed: RecurrentTranspose,
    /** > 0: a classifier over this many labels on the final states, instead of the decoder. */
    readonly labels = 0,
  ) {
    this.layout = buildLayout(model, V, labels);
    this.H = model.hiddenSize;
    this.G = gateCount(model.cell);
    this.dirs = directions(model);
    this.N = T * B;
    this.K = labels > 0 ? labels : V;
    this.R = labels > 0 ? B : this.N;
    const { H, G, dirs, N, K, R } = this;
    const GH = G * H;
    const SA = dirs * N * GH;
    const SS = dirs * N * H;
    const S0 = dirs * B * H;
    this.ids = this.buffer('ids', N);
    this.targets = this.buffer('targets', N);
    this.groups = this.buffer('groups', V + 1 + N);
    this.logits = this.buffer('logits', R * K);
    this.dlogits = this.buffer('dlogits', R * K);
    this.lossRows = this.buffer('lossRows', R);
    if (labels > 0) {
      this.final = this.buffer('final', B * H * dirs);
      this.dFinal = this.buffer('dFinal', B * H * dirs);
    }
    this.carry = this.buffer('carry', 2 * B * H);
    for (let l = 0; l < model.numLayers; l++) {
      this.layers.push({
        acts: this.buffer(`acts${l}`, 3 * SA),
        states: this.buffer(`states${l}`, 3 * SS + 2 * S0),
        out: this.buffer(`out${l}`, N * H * dirs),
        dacts: this.buffer(`dacts${l}`, 2 * SA),
        dOut: this.buffer(`dOut${l}`, N * H * dirs),
        dstep: this.buffer(`dstep${l}`, 4 * S0),
        normsq: this.buffer(`normsq${l}`, 2 * dirs * T * B),
      });
    }
    const stepUniform = device.createBuffer({ label: 'step', size: T * STEP_SLOT, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.owned.push(stepUniform);
    const steps = new Uint32Array((T * STEP_SLOT) / 4);
    for (let s = 0; s < T; s++) steps[(s * STEP_SLOT) / 4] = s;
    device.queue.writeBuffer(stepUniform, 0, steps);
    this.buildForward(stepUniform);
    this.forwardDispatches = [...this.layerForward.flatMap((f) => [f.projection, ...f.cells]), ...this.decoderForward];
    this.buildBackward(stepUniform);
  }

  /** Float offsets in a layer's `states` buffer. */
  get stateOffsets() {
    const SS = this.dirs * this.N * this.H;
    const S0 = this.dirs * this.B * this.H;
    return { h: 0, c: SS, aux: 2 * SS, h0: 3 * SS, c0: 3 * SS + S0, SS, S0 };
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
    q.writeBuffer(this.softmaxDims!, 8, Float32Array.of(this.counted > 0 ? 1 / this.counted : 0));
    const g = new Uint32Array(V + 1 + N);
    for (let n = 0; n < N; n++) g[inputs[n]! + 1]!++;
    for (let v = 0; v < V; v++) g[v + 1]! += g[v]!;
    const fill = g.slice(0, V);
    for (let n = 0; n < N; n++) g[V + 1 + fill[inputs[n]!]!++] = n;
    q.writeBuffer(this.groups, 0, g);
  }

  /** Before the pass: zero the BPTT carries (and the initial state when `reset`). */
  encodePre(encoder: GPUCommandEncoder, reset: boolean): void {
    const { h0, S0 } = this.stateOffsets;
    for (const L of this.layers) {
      encoder.clearBuffer(L.dstep);
      if (reset) encoder.clearBuffer(L.states, h0 * 4, 2 * S0 * 4);
    }
  }

  /** After the pass: carry the forward direction's final h (and c) into h0 (c0) for the next window. */
  encodeCarry(encoder: GPUCommandEncoder): void {
    const { h, c, h0, c0 } = this.stateOffsets;
    const rowBytes = this.B * this.H * 4;
    const last = (this.T - 1) * this.B * this.H;
    for (const L of this.layers) {
      encoder.copyBufferToBuffer(L.states, (h + last) * 4, this.carry, 0, rowBytes);
      encoder.copyBufferToBuffer(this.carry, 0, L.states, h0 * 4, rowBytes);
      if (this.model.cell === 'lstm') {
        encoder.copyBufferToBuffer(L.states, (c + last) * 4, this.carry, rowBytes, rowBytes);
        encoder.copyBufferToBuffer(this.carry, rowBytes, L.states, c0 * 4, rowBytes);
      }
    }
  }

  /** Records the dispatches into the pass; returns how many. */
  /** Threads of a kernel that computes (rows, cols) in 4 x 4 blocks (matmul_nt, matmul_nn). */
  static blocks4(rows: number, cols: number): number {
    return Math.ceil(rows / 4) * Math.ceil(cols / 4);
  }

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

  private buffer(label: string, floats: number): GPUBuffer {
    const b = this.device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    this.owned.push(b);
    return b;
  }

  private uniform(label: string, fields: readonly Field[]): GPUBuffer {
    const b = uniformBuffer(this.device, label, fields);
    this.owned.push(b);
    return b;
  }

  /** Threads of a weight_grad dispatch: 4 x 4 tiles of (rows, cols) plus one per bias row. */
  private static weightGradThreads(dirs: number, rows: number, cols: number): number {
    return dirs * (Math.ceil(rows / 4) * Math.ceil(cols / 4) + rows);
  }

  private dispatch(kernel: KernelName, buffers: readonly GPUBuffer[], threads: number, entryPoint = 'main'): Dispatch {
    const pipeline = this.kernels.pipeline(kernel, entryPoint);
    const group = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const [x, y] = grid(threads);
    return { pipeline, groups: [group], x, y };
  }

  /**
   * Whether the cell kernels spread their recurrent products over unit tiles (Kernels.wide), which
   * the original GRU cannot: its n gate reads r * h_{t-1} of every unit in one workgroup.
   */
  private get wideCells(): boolean {
    return this.kernels.wide && !(this.model.cell === 'gru' && this.model.gruVariant === 'original');
  }

  /**
   * One dispatch per time step: workgroups (rows, dir, unit tile), the step index from a per-step
   * uniform slot. `unitTiles` splits the H units over workgroups (1: each workgroup has them all).
   */
  private cellSteps(kernel: 'cell_forward' | 'cell_backward' | 'cell_backward_dh', buffers: readonly GPUBuffer[], stepUniform: GPUBuffer, order: number[], rowsPerGroup: number, unitTiles = 1, constants: Record<string, number> = {}): Dispatch[] {
    const pipeline = this.kernels.pipeline(kernel, 'main', { CELL: cellCode(this.model), ...constants });
    const group0 = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    return order.map((s) => ({
      pipeline,
      groups: [group0, this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(1), entries: [{ binding: 0, resource: { buffer: stepUniform, offset: s * STEP_SLOT, size: 16 } }] })],
      x: Math.ceil(this.B / rowsPerGroup),
      y: this.dirs,
      z: unitTiles,
    }));
  }

  private cellDims(l: number): GPUBuffer {
    const lo = this.layout.layers[l]!;
    const pick = (f: (d: number) => number) => [f(0), f(this.dirs - 1)];
    return this.uniform(`cellDims${l}`, [
      this.B, this.T, this.H, this.G, this.dirs, 0, 0, 0,
      ...pick((d) => lo[d]!.wHh), ...pick((d) => lo[d]!.bHh), ...pick((d) => Math.max(0, lo[d]!.peep)),
      ...pick((d) => this.transposed.offsets[l]![d]!),
    ]);
  }

  private buildForward(stepUniform: GPUBuffer): void {
    const { N, H, G, dirs, V, T, B } = this;
    const GH = G * H;
    const D = H * dirs;
    const order = Array.from({ length: T }, (_, s) => s);
    for (let l = 0; l < this.layers.length; l++) {
      const lo = this.layout.layers[l]!;
      const w = [lo[0]!.wIh, lo[dirs - 1]!.wIh];
      const b = [lo[0]!.bIh, lo[dirs - 1]!.bIh];
      const L = this.layers[l]!;
      const projection =
        l === 0
          ? this.dispatch('embed_forward', [this.uniform('embedDims', [N, GH, V, dirs, ...w, ...b]), this.params, this.ids, L.acts], dirs * N * GH)
          : this.dispatch('matmul_nt', [this.uniform(`projDims${l}`, [N, GH, D, dirs, 0, 0, N * GH, 0, ...w, ...b]), this.params, this.layers[l - 1]!.out, L.acts], dirs * GpuNetwork.blocks4(N, GH));
      const tiles = this.wideCells ? Math.ceil(H / CELL_UNITS) : 1;
      // software adapters: 4 units of a gate per invocation in 16-lane workgroups (bench/NOTES.md)
      const form = this.kernels.wide ? { QUAD: 0, WG: CELL_UNITS } : { QUAD: 1, WG: 16 };
      const cells = this.cellSteps('cell_forward', [this.cellDims(l), this.params, L.acts, L.states, L.out, this.transposed.buffer], stepUniform, order, CELL_ROWS, tiles, form);
      this.layerForward.push({ projection, cells });
    }
    const top = this.layers[this.layers.length - 1]!;
    const { K, R } = this;
    const { decoderWeight: dw, decoderBias: db } = this.layout;
    // the output layer's input (R, D): every position's h, or the classifier's final states
    let input = top.out;
    if (this.final) {
      this.decoderForward.push(this.dispatch('classifier_final', [this.finalDims(), top.out, this.final], B * D, 'gather'));
      input = this.final;
    }
    const logitDims = this.uniform('logitDims', [R, K, D, 1, 0, 0, 0, 0, dw, dw, db, db]);
    this.decoderForward.push(this.dispatch('matmul_nt', [logitDims, this.params, input, this.logits], GpuNetwork.blocks4(R, K)));
    this.softmaxDims = this.uniform('softmaxDims', [R, K, { f32: 1 / R }, 0]);
    this.decoderForward.push(this.dispatch('softmax_xent', [this.softmaxDims, this.logits, this.targets, this.dlogits, this.lossRows], R));
  }

  private finalDims(): GPUBuffer {
    return this.uniform('finalDims', [this.T, this.B, this.H, this.dirs]);
  }

  private buildBackward(stepUniform: GPUBuffer): void {
    const { N, H, G, dirs, V, T, B } = this;
    const GH = G * H;
    const D = H * dirs;
    const SA = dirs * N * GH;
    const top = this.layers[this.layers.length - 1]!;
    const { decoderWeight: dw, decoderBias: db } = this.layout;
    const out = this.backwardDispatches;
    // decoder: dW_dec, db_dec = dlogits^T [X | 1];  dX_top = dlogits · W_dec
    // (a classifier: the same over its B rows of final states, then dFinal scattered into dX_top)
    const { K, R } = this;
    const decGrad = this.uniform('decGradDims', [K, D, R, 1, K, 0, 0, 0, 0, 1, T, B, dw, dw, db, db]);
    out.push(this.dispatch('weight_grad', [decGrad, this.dlogits, this.final ?? top.out, this.grad], GpuNetwork.weightGradThreads(1, K, D)));
    const decDx = this.uniform('decDxDims', [R, K, D, 1, K, 0, 0, 0, dw, dw, 0, 0]);
    out.push(this.dispatch('matmul_nn', [decDx, this.params, this.dlogits, this.dFinal ?? top.dOut], GpuNetwork.blocks4(R, D)));
    if (this.dFinal) out.push(this.dispatch('classifier_final', [this.finalDims(), this.dFinal, top.dOut], N * D, 'scatter'));
    const order = Array.from({ length: T }, (_, i) => T - 1 - i);
    const gruOriginal = this.model.cell === 'gru' && this.model.gruVariant === 'original';
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l]!;
      const lo = this.layout.layers[l]!;
      const pick = (f: (d: number) => number) => [f(0), f(dirs - 1)];
      // per step: (wide) the gate gradients, a workgroup per row, then dh_{t-1} = W_hh^T dgates
      // spread over (4 rows, unit tile) workgroups; narrow, and the original GRU, do both in one
      // dispatch with workgroups of 4 rows
      const cellDims = this.cellDims(l);
      const form = this.wideCells ? { SPLIT: 1, R: 1, WG: 64, QUAD: 0 } : { SPLIT: 0, R: CELL_ROWS, WG: 16, QUAD: this.kernels.wide ? 0 : 1 };
      const grads = this.cellSteps('cell_backward', [cellDims, this.params, L.acts, L.states, L.dacts, L.dOut, L.dstep, L.normsq, this.transposed.buffer], stepUniform, order, form.R, 1, form);
      if (!this.wideCells) out.push(...grads);
      else {
        const dh = this.cellSteps('cell_backward_dh', [cellDims, this.params, L.acts, L.dacts, L.dOut, L.dstep, this.transposed.buffer], stepUniform, order, CELL_ROWS, Math.ceil(H / CELL_UNITS));
        out.push(...grads.flatMap((g, i) => [g, dh[i]!]));
      }
      // W_hh, b_hh: GRU reads dhp (the recurrent-side gradients), RNN/LSTM dxp
      const aBase = this.model.cell === 'gru' ? SA : 0;
      const rows = gruOriginal ? 2 * H : GH;
      const hh = this.uniform(`hhGrad${l}`, [rows, H, N, dirs, GH, aBase, N * GH, 0, 1, 1, T, B, ...pick((d) => lo[d]!.wHh), ...pick((d) => lo[d]!.bHh)]);
      out.push(this.dispatch('weight_grad', [hh, L.dacts, L.states, this.grad], GpuNetwork.weightGradThreads(dirs, rows, H)));
      if (gruOriginal) {
        const hn = this.uniform(`hnGrad${l}`, [H, H, N, dirs, GH, SA, N * GH, 2 * H, 2, 1, T, B, ...pick((d) => lo[d]!.wHh + 2 * H * H), ...pick((d) => lo[d]!.bHh + 2 * H)]);
        out.push(this.dispatch('weight_grad', [hn, L.dacts, L.states, this.grad], GpuNetwork.weightGradThreads(dirs, H, H)));
      }
      if (lo[0]!.peep >= 0) {
        const pd = this.uniform(`peepGrad${l}`, [T, B, H, dirs, ...pick((d) => lo[d]!.peep), 0, 0]);
        out.push(this.dispatch('peephole_grad', [pd, L.dacts, L.states, this.grad], 3 * H * dirs));
      }
      const w = pick((d) => lo[d]!.wIh);
      const bb = pick((d) => lo[d]!.bIh);
      if (l === 0) {
        const ed = this.uniform('embedGradDims', [N, GH, V, dirs, ...w, ...bb]);
        out.push(this.dispatch('embed_grad', [ed, L.dacts, this.groups, this.grad], dirs * GH * (V + 1)));
      } else {
        const inSize = lo[0]!.inSize;
        const below = this.layers[l - 1]!;
        const ih = this.uniform(`ihGrad${l}`, [GH, inSize, N, dirs, GH, 0, N * GH, 0, 0, 1, T, B, ...w, ...bb]);
        out.push(this.dispatch('weight_grad', [ih, L.dacts, below.out, this.grad], GpuNetwork.weightGradThreads(dirs, GH, inSize)));
        const dx = this.uniform(`dxDims${l}`, [N, GH, inSize, dirs, GH, 0, N * GH, 0, ...w, 0, 0]);
        out.push(this.dispatch('matmul_nn', [dx, this.params, L.dacts, below.dOut], GpuNetwork.blocks4(N, inSize)));
      }
    }
  }
}
