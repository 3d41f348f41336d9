// The whole recurrent network for a fixed (B, T): stacked, optionally bidirectional layers of one
// cell kind, an output layer, and exact BPTT through the window. Buffers are allocated once and reused.
// The output layer is a decoder at every position (next character), or a classifier (many-to-one)
// on each sequence's final state: the forward direction's h at T-1 beside the backward
// direction's h at 0 (both have read the whole sequence), as the textbooks draw it.
// Layout is time-major: every (T, B, ...) buffer holds position t's B rows contiguously.
// The forward direction starts from the carried state; the reverse direction starts from zero at
// the window's end (it would otherwise read the future of the stream).
import { cellFor, type Cell, type StepBuffers, type StepGrads } from './cells/index.ts';
import { cellSpec } from './cells/registry.ts';
import { directions, gateCount, type ModelConfig } from './config.ts';
import { addRowSums, axpy, gemmNNAcc, gemmNT, gemmTNAcc, norm2 } from './linalg.ts';
import { decoderBackward, decoderForward } from './loss.ts';
import { buildLayout, type FArray, type FArrayCtor, type LayerOffsets, type ParamLayout } from './params.ts';

/** Recurrent state carried between windows: per layer, the forward direction's h and c, (B, H). */
export interface RecurrentState {
  h: FArray[];
  c: FArray[];
}

/** Everything one (layer, direction) keeps from the forward pass, by position t. */
export interface DirCache {
  xp: FArray; //   (T, B, G*H) W_ih x_t + b_ih
  pre: FArray; //  (T, B, G*H) gate pre-activations
  post: FArray; // (T, B, G*H) gate activations
  aux: FArray; //  (T, B, H)   see StepBuffers.aux
  h: FArray; //    (T, B, H)
  c: FArray; //    (T, B, H)   LSTM only (else empty)
  h0: FArray; //   (B, H) initial state
  c0: FArray; //   (B, H)
  dxp: FArray; //  (T, B, G*H) backward: dL/dxp
  dhNorm: Float64Array; // (T) ||dL/dh_t|| over the batch, from the last backward
  dcNorm: Float64Array; // (T) ||dL/dc_t|| (LSTM)
}

/** The views of position t of one direction's cache (T positions of B rows) that a cell step
 *  reads and writes; direction 1 runs from T-1 down, its previous position is t+1. */
export function stepViews(cache: DirCache, t: number, d: number, T: number, B: number, H: number, G: number): StepBuffers {
  const first = d === 0 ? t === 0 : t === T - 1;
  const prev = d === 0 ? t - 1 : t + 1;
  const lstm = cache.c.length > 0;
  const at = (a: DirCache['h'], n: number, k: number) => a.subarray(k * n, (k + 1) * n);
  return {
    xp: at(cache.xp, B * G * H, t),
    hPrev: first ? cache.h0 : at(cache.h, B * H, prev),
    cPrev: !lstm || first ? cache.c0 : at(cache.c, B * H, prev),
    pre: at(cache.pre, B * G * H, t),
    post: at(cache.post, B * G * H, t),
    aux: at(cache.aux, B * H, t),
    h: at(cache.h, B * H, t),
    c: lstm ? at(cache.c, B * H, t) : cache.c,
  };
}

export class Network {
  readonly layout: ParamLayout;
  readonly cell: Cell;
  readonly H: number;
  readonly G: number;
  readonly dirs: number;
  readonly L: number;
  /** [layer][direction] */
  readonly caches: DirCache[][];
  /** (T, B, H*dirs) per layer: the layer's output (both directions side by side). */
  readonly outputs: FArray[];
  /** (T, B, V) softmax probabilities after forward (dlogits after backward); (B, K) for a classifier. */
  readonly probs: FArray;
  /** Classifier only: (B, H*dirs) the final states it reads, and their gradient. */
  readonly final: FArray;
  private readonly dFinal: FArray;
  private readonly dOut: FArray[]; // (T, B, H*dirs) per layer
  private readonly step: { dh: FArray; dc: FArray; dhPrev: FArray; dcPrev: FArray; work: FArray };
  private inputs: Int32Array = new Int32Array(0);
  private targets: Int32Array = new Int32Array(0);

  constructor(
    readonly model: ModelConfig,
    readonly vocabSize: number,
    readonly B: number,
    readonly T: number,
    ctor: FArrayCtor = Float32Array,
    /** > 0: a classifier over this many labels on the final states, instead of the decoder. */
    readonly labels = 0,
  ) {
    this.layout = buildLayout(model, vocabSize, labels);
    this.cell = cellFor(model);
    this.H = model.hiddenSize;
    this.G = gateCount(model.cell);
    this.dirs = directions(model);
    this.L = model.numLayers;
    const { H, G, dirs } = this;
    const lstm = cellSpec(model).hasCellState;
    const BH = B * H;
    this.caches = Array.from({ length: this.L }, () =>
      Array.from({ length: dirs }, () => ({
        xp: new ctor(T * B * G * H),
        pre: new ctor(T * B * G * H),
        post: new ctor(T * B * G * H),
        aux: new ctor(T * BH),
        h: new ctor(T * BH),
        c: new ctor(lstm ? T * BH : 0),
        h0: new ctor(BH),
        c0: new ctor(lstm ? BH : 0),
        dxp: new ctor(T * B * G * H),
        dhNorm: new Float64Array(T),
        dcNorm: new Float64Array(lstm ? T : 0),
      })),
    );
    this.outputs = Array.from({ length: this.L }, () => new ctor(T * B * H * dirs));
    this.dOut = Array.from({ length: this.L }, () => new ctor(T * B * H * dirs));
    this.probs = new ctor(labels > 0 ? B * labels : T * B * vocabSize);
    this.final = new ctor(labels > 0 ? B * H * dirs : 0);
    this.dFinal = new ctor(this.final.length);
    this.step = { dh: new ctor(BH), dc: new ctor(lstm ? BH : 0), dhPrev: new ctor(BH), dcPrev: new ctor(lstm ? BH : 0), work: new ctor(B * G * H) };
  }

  /** A zero state of the right shape for this network. */
  zeroState(ctor: FArrayCtor = Float32Array): RecurrentState {
    const n = this.B * this.H;
    return {
      h: Array.from({ length: this.L }, () => new ctor(n)),
      c: Array.from({ length: this.L }, () => new ctor(cellSpec(this.model).hasCellState ? n : 0)),
    };
  }

  /**
   * Forward over the window. inputs: (T, B) ids, time-major; targets: (T, B) next ids, or (B) labels
   * for a classifier; a target of -1 does not count. state: initial forward-direction state (null =
   * zeros); when given it is overwritten with the final state, ready for the next window. Returns
   * the mean cross-entropy in nats.
   */
  forward(p: FArray, inputs: Int32Array, targets: Int32Array, state: RecurrentState | null): number {
    const { B, T, H, dirs } = this;
    this.inputs = inputs;
    this.targets = targets;
    for (let l = 0; l < this.L; l++) {
      for (let d = 0; d < dirs; d++) {
        const cache = this.caches[l]![d]!;
        const lo = this.layout.layers[l]![d]!;
        cache.h0.fill(0);
        cache.c0.fill(0);
        if (state && d === 0) {
          cache.h0.set(state.h[l]!);
          cache.c0.set(state.c[l]!);
        }
        this.inputProjection(p, l, lo, cache.xp);
        for (let s = 0; s < T; s++) {
          const t = d === 0 ? s : T - 1 - s;
          this.cell.forward(p, lo, B, H, this.stepBuffers(cache, t, d));
        }
        // copy h (T,B,H) into the layer output (T,B,H*dirs) at this direction's columns
        const out = this.outputs[l]!;
        for (let r = 0; r < T * B; r++) out.set(cache.h.subarray(r * H, r * H + H), r * H * dirs + d * H);
      }
    }
    if (state) {
      for (let l = 0; l < this.L; l++) {
        const cache = this.caches[l]![0]!;
        state.h[l]!.set(cache.h.subarray((T - 1) * B * H, T * B * H));
        if (cache.c.length) state.c[l]!.set(cache.c.subarray((T - 1) * B * H, T * B * H));
      }
    }
    if (this.labels > 0) {
      this.gatherFinal();
      return decoderForward(p, this.layout, this.final, B, H * dirs, targets, this.probs);
    }
    return decoderForward(p, this.layout, this.outputs[this.L - 1]!, T * B, H * dirs, targets, this.probs);
  }

  /** final (B, D): the top layer's forward h at T-1 and backward h at 0. */
  private gatherFinal(): void {
    const { B, T, H, dirs } = this;
    const D = H * dirs;
    const out = this.outputs[this.L - 1]!;
    for (let b = 0; b < B; b++) {
      for (let d = 0; d < dirs; d++) {
        const row = (d === 0 ? T - 1 : 0) * B + b;
        this.final.set(out.subarray(row * D + d * H, row * D + d * H + H), b * D + d * H);
      }
    }
  }

  /** The classifier's dFinal (B, D) into the top layer's dOut at the positions gatherFinal read. */
  private scatterFinal(dOut: FArray): void {
    const { B, T, H, dirs } = this;
    const D = H * dirs;
    dOut.fill(0);
    for (let b = 0; b < B; b++) {
      for (let d = 0; d < dirs; d++) {
        const row = (d === 0 ? T - 1 : 0) * B + b;
        dOut.set(this.dFinal.subarray(b * D + d * H, b * D + d * H + H), row * D + d * H);
      }
    }
  }

  /** Exact BPTT through the window of the last forward; grad is zeroed, then filled. */
  backward(p: FArray, grad: FArray): void {
    const { B, T, H, G, dirs } = this;
    const D = H * dirs;
    grad.fill(0);
    if (this.labels > 0) {
      decoderBackward(p, grad, this.layout, this.final, B, D, this.targets, this.probs, this.dFinal);
      this.scatterFinal(this.dOut[this.L - 1]!);
    } else {
      decoderBackward(p, grad, this.layout, this.outputs[this.L - 1]!, T * B, D, this.targets, this.probs, this.dOut[this.L - 1]!);
    }
    const st = this.step;
    for (let l = this.L - 1; l >= 0; l--) {
      const dOut = this.dOut[l]!;
      if (l > 0) this.dOut[l - 1]!.fill(0);
      for (let d = 0; d < dirs; d++) {
        const cache = this.caches[l]![d]!;
        const lo = this.layout.layers[l]![d]!;
        st.dh.fill(0); // dL/dh from the step after (in processing order)
        st.dc.fill(0);
        for (let s = T - 1; s >= 0; s--) {
          const t = d === 0 ? s : T - 1 - s;
          // dh_t = recurrent part (in st.dh) + from the layer above / decoder
          for (let b = 0; b < B; b++) axpy(H, 1, dOut, (t * B + b) * D + d * H, st.dh, b * H);
          const grads: StepGrads = {
            dh: st.dh,
            dc: st.dc,
            dxp: cache.dxp.subarray(t * B * G * H, (t + 1) * B * G * H),
            dhPrev: st.dhPrev,
            dcPrev: st.dcPrev,
            work: st.work,
          };
          this.cell.backward(p, grad, lo, B, H, this.stepBuffers(cache, t, d), grads);
          cache.dhNorm[t] = norm2(st.dh);
          if (st.dc.length) cache.dcNorm[t] = norm2(st.dc);
          st.dh.set(st.dhPrev);
          st.dc.set(st.dcPrev);
        }
        this.inputBackward(p, grad, l, lo, cache.dxp);
      }
    }
  }

  /** Views for position t of one (layer, direction). */
  private stepBuffers(cache: DirCache, t: number, d: number): StepBuffers {
    return stepViews(cache, t, d, this.T, this.B, this.H, this.G);
  }

  /** xp (T*B, G*H) = x W_ih^T + b_ih; layer 0's one-hot input makes it a column gather of W_ih. */
  private inputProjection(p: FArray, l: number, lo: LayerOffsets, xp: FArray): void {
    const { B, T, H, G } = this;
    const GH = G * H;
    const N = T * B;
    if (l === 0) {
      const V = lo.inSize;
      for (let n = 0; n < N; n++) {
        const id = this.inputs[n]!;
        for (let q = 0; q < GH; q++) xp[n * GH + q] = p[lo.wIh + q * V + id]! + p[lo.bIh + q]!;
      }
      return;
    }
    const X = this.outputs[l - 1]!;
    gemmNT(N, GH, lo.inSize, X, 0, lo.inSize, p, lo.wIh, lo.inSize, xp, 0, GH, 0);
    for (let n = 0; n < N; n++) axpy(GH, 1, p, lo.bIh, xp, n * GH);
  }

  /** dW_ih, db_ih from dxp (T*B, G*H) over all positions; dX for the layer below. */
  private inputBackward(p: FArray, grad: FArray, l: number, lo: LayerOffsets, dxp: FArray): void {
    const { B, T, H, G } = this;
    const GH = G * H;
    const N = T * B;
    addRowSums(N, GH, dxp, 0, GH, grad, lo.bIh);
    if (l === 0) {
      const V = lo.inSize;
      for (let n = 0; n < N; n++) {
        const id = this.inputs[n]!;
        for (let q = 0; q < GH; q++) grad[lo.wIh + q * V + id] = grad[lo.wIh + q * V + id]! + dxp[n * GH + q]!;
      }
      return;
    }
    gemmTNAcc(GH, lo.inSize, N, dxp, 0, GH, this.outputs[l - 1]!, 0, lo.inSize, grad, lo.wIh, lo.inSize);
    gemmNNAcc(N, lo.inSize, GH, dxp, 0, GH, p, lo.wIh, lo.inSize, this.dOut[l - 1]!, 0, lo.inSize);
  }
}
