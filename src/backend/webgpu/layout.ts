// The GPU buffer layout, in one place: the sections of a layer's buffers and their offsets, where
// position (direction, t, batch row) lies in a section, which position a direction processes at
// step s, the backward pass's ping-pong parity of dstep, and the two copies of the recurrent
// weights the cell kernels read (W_hh^T and the padded W_hh). The kernels never work these out:
// they read them from the uniforms filled from here (uniforms.ts CellDims, Step, Blocks,
// WeightGradDims, PeepholeGradDims; shaders/cell_dims.wgsl cell_at is the WGSL side), and the
// network, stepper, traces and tests take their offsets from here. All offsets are in floats.
import { directions, gateCount, type ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import type { StructValues, Step } from './uniforms.ts';

/** The dims a network's buffers depend on: batch rows, positions, units, gates, directions. */
export interface NetShape {
  B: number;
  T: number;
  H: number;
  G: number;
  dirs: number;
}

/** Bytes between the per-step uniform slots (minUniformBufferOffsetAlignment). */
export const STEP_SLOT = 256;

export class NetLayout implements NetShape {
  readonly B: number;
  readonly T: number;
  readonly H: number;
  readonly G: number;
  readonly dirs: number;
  /** Positions T*B, gate rows G*H, output width H*dirs. */
  readonly N: number;
  readonly GH: number;
  readonly D: number;
  /** acts = xp | pre | post, each (dirs, T, B, G*H): input projection, pre-activations, gates. */
  readonly acts: { readonly xp: number; readonly pre: number; readonly post: number; readonly section: number; readonly floats: number };
  /** dacts = dxp | dhp, each (dirs, T, B, G*H): gate gradients, input and recurrent side (the GRU's differ). */
  readonly dacts: { readonly dxp: number; readonly dhp: number; readonly floats: number };
  /** states = h | c | aux, each (dirs, T, B, H), then h0 | c0, each (dirs, B, H) (aux: LSTM tanh(c),
   *  GRU W_hn h + b_hn, or r * h_{t-1} in the original variant). */
  readonly states: { readonly h: number; readonly c: number; readonly aux: number; readonly h0: number; readonly c0: number; readonly section: number; readonly initial: number; readonly floats: number };
  /** dstep = dh[2] | dc[2], each (dirs, B, H): dL/dh and dL/dc carried between backward steps,
   *  ping-pong by parity (step). */
  readonly dstep: { readonly dh: readonly [number, number]; readonly dc: readonly [number, number]; readonly floats: number };
  /** normsq = |dL/dh_t|^2 | |dL/dc_t|^2, each (dirs, T, B). */
  readonly normsq: { readonly dh: number; readonly dc: number; readonly floats: number };
  /** out and dOut: (T, B, H*dirs), direction d in columns d*H .. (d+1)*H. */
  readonly outFloats: number;

  constructor(shape: NetShape) {
    const { B, T, H, G, dirs } = shape;
    this.B = B;
    this.T = T;
    this.H = H;
    this.G = G;
    this.dirs = dirs;
    this.N = T * B;
    this.GH = G * H;
    this.D = H * dirs;
    const SA = dirs * this.N * this.GH;
    const SS = dirs * this.N * H;
    const S0 = dirs * B * H;
    this.acts = { xp: 0, pre: SA, post: 2 * SA, section: SA, floats: 3 * SA };
    this.dacts = { dxp: 0, dhp: SA, floats: 2 * SA };
    this.states = { h: 0, c: SS, aux: 2 * SS, h0: 3 * SS, c0: 3 * SS + S0, section: SS, initial: S0, floats: 3 * SS + 2 * S0 };
    this.dstep = { dh: [0, S0], dc: [2 * S0, 3 * S0], floats: 4 * S0 };
    this.normsq = { dh: 0, dc: dirs * this.N, floats: 2 * dirs * this.N };
    this.outFloats = this.N * this.D;
  }

  static of(model: ModelConfig, B: number, T: number): NetLayout {
    return new NetLayout({ B, T, H: model.hiddenSize, G: gateCount(model.cell), dirs: directions(model) });
  }

  /** Offset of position (d, t, b) in a (dirs, T, B, width) section. */
  at(d: number, t: number, b: number, width: number): number {
    return ((d * this.T + t) * this.B + b) * width;
  }

  /** The position direction d processes at step s: forward s, backward T-1-s. */
  position(d: number, s: number): number {
    return d === 0 ? s : this.T - 1 - s;
  }

  /** The dstep half backward step s reads (it writes the other): steps run s = T-1 down to 0. */
  parity(s: number): 0 | 1 {
    return (this.T - 1 - s) % 2 === 0 ? 0 : 1;
  }

  /** Step s's uniform: each direction's position, and the dstep halves it reads and writes. */
  step(s: number): StructValues<typeof Step.fields> {
    const p = this.parity(s);
    return { s, t: [this.position(0, s), this.position(1, s)], dh: [this.dstep.dh[p], this.dstep.dh[1 - p]!], dc: [this.dstep.dc[p], this.dstep.dc[1 - p]!] };
  }
}

/**
 * Where the cell kernels' two copies of the recurrent weights lie in one buffer (paramsT), block
 * (l, d) after block (l, d-1): W_hh^T (H, G*Hp), gate g's unit j at column g*Hp + j, then W_hh
 * (G*H, Hp), each row padded the same way; Hp = H rounded up to 4, the padding zeros, every offset
 * a multiple of 4 floats (aligned vec4 loads). transpose.ts fills it; shaders/blocks.wgsl indexes it.
 */
export class RecurrentCopies {
  readonly H: number;
  readonly G: number;
  /** H rounded up to a multiple of 4. */
  readonly Hp: number;
  /** [layer][direction]: W_hh's offset in params, and its two copies' offsets in paramsT. */
  readonly src: number[][];
  readonly transposed: number[][];
  readonly padded: number[][];
  /** Floats of paramsT. */
  readonly floats: number;
  /** Recurrent weights copied (the padding excluded). */
  readonly elements: number;

  constructor(model: ModelConfig, layout: ParamLayout) {
    this.H = model.hiddenSize;
    this.G = gateCount(model.cell);
    this.Hp = Math.ceil(this.H / 4) * 4;
    const GH = this.G * this.H;
    const transposedFloats = this.H * this.G * this.Hp;
    const block = transposedFloats + GH * this.Hp;
    const dirs = directions(model);
    this.src = layout.layers.map((ds) => ds.map((lo) => lo.wHh));
    this.transposed = layout.layers.map((ds, l) => ds.map((_, d) => (l * dirs + d) * block));
    this.padded = this.transposed.map((ds) => ds.map((o) => o + transposedFloats));
    this.floats = layout.layers.length * dirs * block;
    this.elements = layout.layers.length * dirs * GH * this.H;
  }
}
