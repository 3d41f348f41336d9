// The dispatch records of a GpuNetwork, built once per shape: every kernel's pipeline, bind groups,
// uniforms (filled from layout.ts through the builders of uniforms.ts) and workgroup grid, for the
// forward pass (input projection, a fused cell dispatch per (layer, step), logits, softmax) and the
// backward pass (decoder gradients, a cell dispatch per (layer, step) — two in the wide form — then
// the weight gradients and the gradient flowing down). What differs by cell form is read from the
// registry (src/model/cells/registry.ts).
import { cellSpec } from '../../model/cells/registry.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import { cellCode, grid, MAX_CHUNK, MAX_HIDDEN, workgroupEntries, type KernelName, type Kernels } from './kernels.ts';
import { STEP_SLOT } from './layout.ts';
import type { NetLayout } from './layout.ts';
import type { RecurrentTranspose } from './transpose.ts';
import { CellDims, ClassifierDims, EmbedDims, MatmulNnDims, MatmulNtDims, PeepholeGradDims, SoftmaxDims, Step, WeightGradDims, type Fields, type StructValues, type UniformStruct } from './uniforms.ts';

export interface Dispatch {
  pipeline: GPUComputePipeline;
  groups: GPUBindGroup[];
  x: number;
  y: number;
  /** Workgroups along z (1 when absent). */
  z?: number;
}

/** One layer's buffers; sections and offsets: NetLayout. */
export interface LayerBuffers {
  acts: GPUBuffer; //   xp | pre | post, each (dirs, T, B, G*H): projection, pre-activations, gates (rows in gate order)
  states: GPUBuffer; // h | c | aux, each (dirs, T, B, H), then h0 | c0, each (dirs, B, H)
  out: GPUBuffer; //    (T, B, H*dirs) h of both directions side by side: the next layer's input
  dacts: GPUBuffer; //  dxp | dhp, each (dirs, T, B, G*H) gate gradients (input side, recurrent side)
  dOut: GPUBuffer; //   (T, B, H*dirs) dL/d out
  dstep: GPUBuffer; //  dh[2] | dc[2], each (dirs, B, H): carried between backward steps, ping-pong
  normsq: GPUBuffer; // |dL/dh_t|^2 | |dL/dc_t|^2, each (dirs, T, B)
}

/** What the dispatches bind and are sized by: a GpuNetwork's shape and buffers (network.ts). */
export interface NetworkBuffers {
  readonly device: GPUDevice;
  readonly kernels: Kernels;
  readonly model: ModelConfig;
  readonly layout: ParamLayout;
  readonly sections: NetLayout;
  readonly transposed: RecurrentTranspose;
  readonly params: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly V: number;
  readonly K: number;
  readonly R: number;
  readonly layers: readonly LayerBuffers[];
  readonly ids: GPUBuffer;
  readonly targets: GPUBuffer;
  readonly groups: GPUBuffer;
  readonly logits: GPUBuffer;
  readonly dlogits: GPUBuffer;
  readonly lossRows: GPUBuffer;
  readonly rightRows: GPUBuffer;
  readonly final: GPUBuffer | null;
  readonly dFinal: GPUBuffer | null;
}

export interface NetworkDispatches {
  layerForward: { projection: Dispatch; cells: Dispatch[] }[];
  decoderForward: Dispatch[];
  backward: Dispatch[];
  /** softmax_xent's uniform (its 1 / count changes with each batch). */
  softmaxDims: GPUBuffer;
}

const CELL_ROWS = 4; // batch rows per cell_forward / cell_backward_dh (and narrow cell_backward) workgroup (R in the WGSL)
const CELL_UNITS = 64; // units per workgroup of the scalar cell_forward (the original GRU on real GPUs)
/** The wide (real GPU) forms' recurrent products: tiles of SLICE_UNITS units, each sum split into
 *  slices so that ~SLICE_THREADS invocations per workgroup run short loops (bench/NOTES.md). */
const SLICE_UNITS = 16;
const SLICE_THREADS = 256;

/** Threads of a kernel that computes (rows, cols) in 4 x 4 blocks (matmul_nt, matmul_nn). */
function blocks4(rows: number, cols: number): number {
  return Math.ceil(rows / 4) * Math.ceil(cols / 4);
}

/** Threads of a weight_grad dispatch: 4 x 4 tiles of (rows, cols) plus one per bias row. */
function weightGradThreads(dirs: number, rows: number, cols: number): number {
  return dirs * (blocks4(rows, cols) + rows);
}

const GEMM_TILE = 64; // the output tile of a tiled workgroup (TILE in shaders/gemm_tile.wgsl)

/** The dispatches of `net`; every buffer it creates (uniforms) goes through `own`. */
export function buildDispatches(net: NetworkBuffers, own: (b: GPUBuffer) => GPUBuffer): NetworkDispatches {
  const { device, kernels, model, layout, sections: at, transposed, params, grad } = net;
  const { N, H, GH, D, dirs, T, B } = at;
  const { V, K, R } = net;
  const spec = cellSpec(model);
  const uniform = <S extends Fields>(struct: UniformStruct<S>, label: string, values: StructValues<S>) => own(struct.create(device, label, values));
  /** A value per direction: direction 0's, and the last direction's (the same when one). */
  const pick = (f: (d: number) => number): [number, number] => [f(0), f(dirs - 1)];

  const dispatch = (kernel: KernelName, buffers: readonly GPUBuffer[], threads: number, entryPoint = 'main'): Dispatch => {
    const pipeline = kernels.pipeline(kernel, entryPoint);
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    const [x, y] = grid(threads);
    return { pipeline, groups: [group], x, y };
  };

  /**
   * A GEMM dispatch computing (rows, cols), per direction (weight_grad, matmul_nt) or summed over
   * the directions (matmul_nn): on real GPUs the tiled entry point (workgroups of 64 x 64 tiles
   * over (cols, rows, dirs), shaders/gemm_tile.wgsl); on software adapters `main`, a thread per
   * 4 x 4 block (plus weight_grad's bias threads).
   */
  const gemm = (kernel: 'weight_grad' | 'matmul_nt' | 'matmul_nn', buffers: readonly GPUBuffer[], dirs: number, rows: number, cols: number): Dispatch => {
    const z = kernel === 'matmul_nn' ? 1 : dirs;
    if (!kernels.wide) return dispatch(kernel, buffers, kernel === 'weight_grad' ? weightGradThreads(dirs, rows, cols) : z * blocks4(rows, cols));
    const { pipeline, groups } = dispatch(kernel, buffers, 1, 'tiled');
    return { pipeline, groups, x: Math.ceil(cols / GEMM_TILE), y: Math.ceil(rows / GEMM_TILE), z };
  };

  // the per-step uniform slots, one Step each (shared by the forward and the backward pass)
  const stepUniform = own(device.createBuffer({ label: 'step', size: T * STEP_SLOT, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }));
  const steps = new Uint8Array(T * STEP_SLOT);
  for (let s = 0; s < T; s++) steps.set(new Uint8Array(Step.pack(at.step(s))), s * STEP_SLOT);
  device.queue.writeBuffer(stepUniform, 0, steps);

  /**
   * One dispatch per step s of `order`: workgroups (rows, dir, unit tile), the step from its
   * uniform slot. `unitTiles` splits the H units over workgroups (1: each workgroup has them all).
   */
  const cellSteps = (kernel: 'cell_forward' | 'cell_backward' | 'cell_backward_dh', buffers: readonly GPUBuffer[], order: number[], rowsPerGroup: number, unitTiles: number, constants: { WG: number } & Record<string, number>): Dispatch[] => {
    // workgroup memory: cell_forward's h_{t-1} (H units; the sliced form's WG sums), recurrent_dh's gate rows (G*H; WG sums)
    const memory: Record<string, number> = kernel === 'cell_forward' ? { HROW: workgroupEntries(Math.max(H, constants.WG), MAX_HIDDEN) } : { CHUNK: workgroupEntries(Math.max(at.G * H, constants.WG), MAX_CHUNK) };
    const pipeline = kernels.pipeline(kernel, 'main', { CELL: cellCode(model), ...constants, ...memory });
    const group0 = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    return order.map((s) => ({
      pipeline,
      groups: [group0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(1), entries: [{ binding: 0, resource: { buffer: stepUniform, offset: s * STEP_SLOT, size: Step.bytes } }] })],
      x: Math.ceil(B / rowsPerGroup),
      y: dirs,
      z: unitTiles,
    }));
  };

  // each layer's CellDims: sizes, section offsets, and its weights in params and paramsT
  const { copies } = transposed;
  const cellDims = layout.layers.map((lo, l) =>
    uniform(CellDims, `cellDims${l}`, {
      B, T, H, G: at.G, dirs, GH, Hp: copies.Hp,
      pre: at.acts.pre, post: at.acts.post, dhp: at.dacts.dhp,
      c: at.states.c, aux: at.states.aux, h0: at.states.h0, c0: at.states.c0, normDc: at.normsq.dc,
      wHh: pick((d) => lo[d]!.wHh), bHh: pick((d) => lo[d]!.bHh), peep: pick((d) => Math.max(0, lo[d]!.peep)),
      wT: pick((d) => copies.transposed[l]![d]!), wP: pick((d) => copies.padded[l]![d]!),
    }),
  );
  /** Whether the cell kernels spread their recurrent products over unit tiles (Kernels.wide), which
   *  the original GRU cannot: its n gate reads r * h_{t-1} of every unit in one workgroup. */
  const wideCells = kernels.wide && spec.wideBackward(model);
  const dirStride = N * GH; // between the directions of an acts / dacts section

  // forward
  const forward = Array.from({ length: T }, (_, s) => s);
  const layerForward = net.layers.map((L, l) => {
    const lo = layout.layers[l]!;
    const w = pick((d) => lo[d]!.wIh);
    const b = pick((d) => lo[d]!.bIh);
    const projection =
      l === 0
        ? dispatch('embed_forward', [uniform(EmbedDims, 'embedDims', { N, GH, V, dirs, w, b }), params, net.ids, L.acts], dirs * N * GH)
        : gemm('matmul_nt', [uniform(MatmulNtDims, `projDims${l}`, { N, M: GH, K: D, dirs, xOff: 0, outOff: at.acts.xp, outDirStride: dirStride, w, b }), params, net.layers[l - 1]!.out, L.acts], dirs, N, GH);
    // real GPUs: (gate row, slice of k) per invocation over tiles of units; the original GRU one
    // tile, a unit per invocation; software adapters: 4 units of a gate per invocation in 16-lane
    // workgroups (bench/NOTES.md)
    const slices = Math.max(1, Math.floor(SLICE_THREADS / (at.G * SLICE_UNITS)));
    const [tiles, form] = wideCells
      ? [Math.ceil(H / SLICE_UNITS), { QUAD: 0, KS: slices, TU: SLICE_UNITS, WG: at.G * SLICE_UNITS * slices }]
      : [1, kernels.wide ? { QUAD: 0, WG: CELL_UNITS } : { QUAD: 1, WG: 16 }];
    const cells = cellSteps('cell_forward', [cellDims[l]!, params, L.acts, L.states, L.out, transposed.buffer], forward, CELL_ROWS, tiles, form);
    return { projection, cells };
  });
  const top = net.layers[net.layers.length - 1]!;
  const dec = { w: [layout.decoderWeight, layout.decoderWeight] as [number, number], b: [layout.decoderBias, layout.decoderBias] as [number, number] };
  const decoderForward: Dispatch[] = [];
  // the output layer's input (R, D): every position's h, or the classifier's final states
  const finalDims = net.final ? uniform(ClassifierDims, 'finalDims', { T, B, H, dirs }) : null;
  if (finalDims) decoderForward.push(dispatch('classifier_final', [finalDims, top.out, net.final!], B * D, 'gather'));
  const logitDims = uniform(MatmulNtDims, 'logitDims', { N: R, M: K, K: D, dirs: 1, xOff: 0, outOff: 0, outDirStride: 0, ...dec });
  decoderForward.push(gemm('matmul_nt', [logitDims, params, net.final ?? top.out, net.logits], 1, R, K));
  const softmaxDims = uniform(SoftmaxDims, 'softmaxDims', { N: R, V: K, invCount: 1 / R });
  decoderForward.push(dispatch('softmax_xent', [softmaxDims, net.logits, net.targets, net.dlogits, net.lossRows, net.rightRows], R));

  // backward. The decoder: dW_dec, db_dec = dlogits^T [X | 1];  dX_top = dlogits · W_dec (a
  // classifier: the same over its B rows of final states, then dFinal scattered into dX_top)
  const backward: Dispatch[] = [];
  const plain = { mode: 0, T, B, aux: 0, h0: 0 }; // weight_grad reading a plain (rows, K) matrix
  const decGrad = uniform(WeightGradDims, 'decGradDims', { M: K, K: D, N: R, dirs: 1, lda: K, aBase: 0, aDirStride: 0, rowStart: 0, hasBias: 1, ...plain, ...dec });
  backward.push(gemm('weight_grad', [decGrad, net.dlogits, net.final ?? top.out, grad], 1, K, D));
  const decDx = uniform(MatmulNnDims, 'decDxDims', { N: R, M: K, K: D, dirs: 1, lda: K, aBase: 0, aDirStride: 0, w: dec.w });
  backward.push(gemm('matmul_nn', [decDx, params, net.dlogits, net.dFinal ?? top.dOut], 1, R, D));
  if (finalDims) backward.push(dispatch('classifier_final', [finalDims, net.dFinal!, top.dOut], N * D, 'scatter'));
  const reverse = Array.from({ length: T }, (_, i) => T - 1 - i);
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const L = net.layers[l]!;
    const lo = layout.layers[l]!;
    // per step: (wide) the gate gradients, a workgroup of 256 per row, then dh_{t-1} = W_hh^T dgates
    // spread over (4 rows, unit tile) workgroups; narrow, and the original GRU, do both in one
    // dispatch with workgroups of 4 rows
    const form = wideCells ? { SPLIT: 1, R: 1, WG: 256, QUAD: 0 } : { SPLIT: 0, R: CELL_ROWS, WG: 16, QUAD: kernels.wide ? 0 : 1 };
    const grads = cellSteps('cell_backward', [cellDims[l]!, params, L.acts, L.states, L.dacts, L.dOut, L.dstep, L.normsq, transposed.buffer], reverse, form.R, 1, form);
    if (!wideCells) backward.push(...grads);
    else {
      const dhForm = { WG: SLICE_THREADS, KS: SLICE_THREADS / SLICE_UNITS };
      const dh = cellSteps('cell_backward_dh', [cellDims[l]!, params, L.acts, L.dacts, L.dOut, L.dstep, transposed.buffer], reverse, CELL_ROWS, Math.ceil(H / SLICE_UNITS), dhForm);
      backward.push(...grads.flatMap((g, i) => [g, dh[i]!]));
    }
    // W_hh, b_hh from h_{t-1} (the rows of the registry's resetStateGates from aux = r * h_{t-1})
    const recurrent = { N, dirs, lda: GH, aBase: spec.ownRecurrentGrad ? at.dacts.dhp : at.dacts.dxp, aDirStride: dirStride, hasBias: 1, T, B, aux: at.states.aux, h0: at.states.h0 };
    const auxGates = spec.resetStateGates(model);
    const rows = GH - auxGates * H;
    const hh = uniform(WeightGradDims, `hhGrad${l}`, { ...recurrent, M: rows, K: H, rowStart: 0, mode: 1, w: pick((d) => lo[d]!.wHh), b: pick((d) => lo[d]!.bHh) });
    backward.push(gemm('weight_grad', [hh, L.dacts, L.states, grad], dirs, rows, H));
    if (auxGates > 0) {
      const auxRows = GH - rows;
      const hn = uniform(WeightGradDims, `hnGrad${l}`, { ...recurrent, M: auxRows, K: H, rowStart: rows, mode: 2, w: pick((d) => lo[d]!.wHh + rows * H), b: pick((d) => lo[d]!.bHh + rows) });
      backward.push(gemm('weight_grad', [hn, L.dacts, L.states, grad], dirs, auxRows, H));
    }
    const peepRows = spec.peepholeRows(model);
    if (peepRows > 0) {
      const pd = uniform(PeepholeGradDims, `peepGrad${l}`, { T, B, H, dirs, peep: pick((d) => lo[d]!.peep), c: at.states.c, c0: at.states.c0 });
      backward.push(dispatch('peephole_grad', [pd, L.dacts, L.states, grad], peepRows * H * dirs));
    }
    const w = pick((d) => lo[d]!.wIh);
    const b = pick((d) => lo[d]!.bIh);
    if (l === 0) {
      const ed = uniform(EmbedDims, 'embedGradDims', { N, GH, V, dirs, w, b });
      backward.push(dispatch('embed_grad', [ed, L.dacts, net.groups, grad], dirs * GH * (V + 1)));
    } else {
      const inSize = lo[0]!.inSize;
      const below = net.layers[l - 1]!;
      const ih = uniform(WeightGradDims, `ihGrad${l}`, { M: GH, K: inSize, N, dirs, lda: GH, aBase: at.dacts.dxp, aDirStride: dirStride, rowStart: 0, hasBias: 1, ...plain, w, b });
      backward.push(gemm('weight_grad', [ih, L.dacts, below.out, grad], dirs, GH, inSize));
      const dx = uniform(MatmulNnDims, `dxDims${l}`, { N, M: GH, K: inSize, dirs, lda: GH, aBase: at.dacts.dxp, aDirStride: dirStride, w });
      backward.push(gemm('matmul_nn', [dx, params, L.dacts, below.dOut], dirs, N, inSize));
    }
  }
  return { layerForward, decoderForward, backward, softmaxDims };
}
