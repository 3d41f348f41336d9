// Traces for the visual panels: one window of text through the network with B = 1, keeping every
// gate's pre- and post-activation, c_t, h_t and the top-k next-character probabilities per time
// step, and from the backward pass ||dL/dh_t|| and ||dL/dc_t|| — of the mean loss over every step
// (what training minimises), or of the last step's loss alone, whose gradient shows how far back
// in time one prediction still reaches (vanishing and exploding gradients). On request (`grads`),
// every unit's BPTT numbers too (DirGrads): what the page's backward mode writes into the backward
// equations, computed here on the reference because the GPU keeps only their norms.
import { cellFor } from './cells/index.ts';
import { gateNames } from './cells/registry.ts';
import type { ModelConfig } from './config.ts';
import { argmax } from './linalg.ts';
import { Network, stepViews } from './network.ts';
import type { FArray } from './params.ts';
import type { DirCache } from './network.ts';
import { answerTargets } from './memory-generators.ts';
import type { MemoryConfig } from './memory-tasks.ts';
import type { Vocab } from './vocab.ts';

export interface DirTrace {
  pre: Float32Array; //  (T, G*H) gate pre-activations, gates in PyTorch order
  post: Float32Array; // (T, G*H) gate activations
  c: Float32Array | null; // (T, H) LSTM cell state
  h: Float32Array; //    (T, H)
  dhNorm: Float32Array; // (T) ||dL/dh_t||
  dcNorm: Float32Array | null; // (T) ||dL/dc_t|| (LSTM)
  dxNorm: Float32Array; // (T) ||dL/d(W_ih x_t + b_ih)||: the input's column of W_ih at step t (src/model/saliency.ts)
}

/** One (layer, direction)'s backward pass, every unit at every step: what BPTT computes. */
export interface DirGrads {
  dh: Float32Array; //     (T, H) ∂L/∂h_t, all that reaches h_t (its norm is dhNorm)
  dhOut: Float32Array; //  (T, H) the part from step t's own output: the decoder, the classifier or the layer above
  dhNext: Float32Array; // (T, H) the part from the step after in the direction's order (t+1; t-1 backward)
  dc: Float32Array | null; //     (T, H) ∂L/∂c_t (LSTM), all of it (its norm is dcNorm)
  dcNext: Float32Array | null; // (T, H) the part of it from the step after: ∂L/∂c_{t+1} ⊙ f_{t+1} (+ peepholes)
  delta: Float32Array; // (T, G*H) ∂L/∂(input-side gate pre-activation), gates in PyTorch order
}

/** Which loss a trace differentiates: the mean over every step, or the last step's alone. */
export type LossAt = 'all' | 'last';
/** A trace's loss: one of the page's (LossAt), or one chosen step's alone (the saliency view's). */
export type TraceLoss = LossAt | { step: number };

/** The targets the loss counts (-1: not counted) for `lossAt`: all of them, the last one that
 *  counts (a window's last step; a memory task's last answer), or step `lossAt.step`'s. */
export function lossTargets(targets: Int32Array, lossAt: TraceLoss): Int32Array {
  if (lossAt === 'all') return targets;
  const at = lossAt === 'last' ? targets.findLastIndex((y) => y >= 0) : lossAt.step;
  return targets.map((y, t) => (t === at ? y : -1));
}

/** The L2 norm of each of the T rows of a (T, width) array. */
export function rowNorms(a: ArrayLike<number>, T: number, width: number): Float32Array {
  const out = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let q = t * width; q < (t + 1) * width; q++) sum += a[q]! * a[q]!;
    out[t] = Math.sqrt(sum);
  }
  return out;
}

export interface Trace {
  T: number;
  H: number;
  gateNames: readonly string[];
  inputs: Int32Array; //  (T) input ids
  targets: Int32Array; // (T) next-character ids (a memory task's answers, -1 where nothing is asked)
  /** The loss the gradients are of (nats). */
  loss: number;
  /** [layer][direction] */
  layers: DirTrace[][];
  topK: { k: number; ids: Int32Array; probs: Float32Array }; // (T, k) most likely next characters
  /** (T) the model's probability of the true next character (NaN where the target is -1). */
  targetProbs: Float32Array;
  /** A classifier's trace (many-to-one): the label probabilities read from the final states, and
   *  the label whose loss the gradients are of. Then there are no next-character predictions:
   *  targets are -1, topK has k = 0 and targetProbs are NaN. */
  classifier?: { probs: Float32Array; label: number };
  /** [layer][direction] every unit's BPTT numbers, when asked for (the reference's traces only). */
  grads?: DirGrads[][];
}

/** The trace of each (layer, direction) from a network after forward and backward. */
function dirTraces(net: Network): DirTrace[][] {
  return net.caches.map((dirs) =>
    dirs.map((c) => ({
      pre: Float32Array.from(c.pre),
      post: Float32Array.from(c.post),
      c: c.c.length ? Float32Array.from(c.c) : null,
      h: Float32Array.from(c.h),
      dhNorm: Float32Array.from(c.dhNorm),
      dcNorm: c.dcNorm.length ? Float32Array.from(c.dcNorm) : null,
      dxNorm: rowNorms(c.dxp, net.T, net.G * net.H), // B = 1
    })),
  );
}

/** The fields of a classifier's trace that have no next-character meaning. */
export function noPredictions(T: number): Pick<Trace, 'targets' | 'topK' | 'targetProbs'> {
  return { targets: new Int32Array(T).fill(-1), topK: { k: 0, ids: new Int32Array(0), probs: new Float32Array(0) }, targetProbs: new Float32Array(T).fill(NaN) };
}


/**
 * What a trace of `ids` reads and is asked: a memory task's sequence (`memory`) against the task's
 * answers, else a window against its next characters. A RangeError when it is too short.
 */
export function traceInputs(ids: Int32Array, memory?: { config: MemoryConfig; vocab: Vocab }): { inputs: Int32Array; targets: Int32Array } {
  if (memory) {
    if (ids.length < 1) throw new RangeError('A trace needs at least one symbol of the task.');
    return { inputs: ids, targets: answerTargets(memory.config, memory.vocab, ids) };
  }
  if (ids.length < 2) throw new RangeError('A trace needs a window of at least two characters that the model knows.');
  return { inputs: ids.slice(0, -1), targets: ids.slice(1) };
}

/** Runs ids[0..n-1] -> ids[1..n] through the network from a zero state and records everything. */
export function traceWindow(model: ModelConfig, params: FArray, vocabSize: number, ids: Int32Array, k = 5, lossAt: TraceLoss = 'all', grads = false): Trace {
  const { inputs, targets } = traceInputs(ids);
  return traceSequence(model, params, vocabSize, inputs, targets, k, lossAt, grads);
}

/** Runs `inputs` (T) through the network from a zero state against `targets` (T; -1 where nothing
 *  is asked, as a memory task's) and records everything. */
export function traceSequence(model: ModelConfig, params: FArray, vocabSize: number, inputs: Int32Array, targets: Int32Array, k = 5, lossAt: TraceLoss = 'all', grads = false): Trace {
  const T = inputs.length;
  const net = new Network(model, vocabSize, 1, T, params instanceof Float64Array ? Float64Array : Float32Array);
  const loss = net.forward(params, inputs, lossTargets(targets, lossAt), null);
  const { topK, targetProbs } = predictions(net.probs, vocabSize, targets, k);
  net.backward(params, new (params instanceof Float64Array ? Float64Array : Float32Array)(params.length));
  const layers = dirTraces(net);
  return { T, H: net.H, gateNames: gateNames(net.model), inputs, targets, loss, layers, topK, targetProbs, ...(grads ? { grads: bpttGrads(net, params) } : {}) };
}

/**
 * A classifier reading the sentence `ids` (T = ids.length) from a zero state: every gate and state,
 * the label probabilities, and the gradients of the loss of `label` (default: the predicted one).
 */
export function traceSentence(model: ModelConfig, params: FArray, vocabSize: number, labels: number, ids: Int32Array, label?: number, grads = false): Trace {
  const T = ids.length;
  if (T < 1) throw new RangeError('A trace needs at least one character that the model knows.');
  const net = new Network(model, vocabSize, 1, T, params instanceof Float64Array ? Float64Array : Float32Array, labels);
  net.forward(params, ids, Int32Array.of(-1), null);
  const probs = Float32Array.from(net.probs);
  const target = label ?? argmax(probs);
  const loss = net.forward(params, ids, Int32Array.of(target), null);
  net.backward(params, new (params instanceof Float64Array ? Float64Array : Float32Array)(params.length));
  return { T, H: net.H, gateNames: gateNames(net.model), inputs: ids.slice(), loss, layers: dirTraces(net), ...noPredictions(T), classifier: { probs, label: target }, ...(grads ? { grads: bpttGrads(net, params) } : {}) };
}

/**
 * Every unit's BPTT numbers of a B = 1 network after forward and backward (net.probs then holds
 * dL/dlogits). What reaches each layer's h_t from its output (the decoder's or classifier's
 * W^T dlogits, or the layer above's W_ih^T δ) is computed from the network's caches; then each
 * direction is walked back step by step with the cell's own backward, as Network.backward does,
 * keeping what it computes at each step instead of only the norms.
 */
function bpttGrads(net: Network, p: FArray): DirGrads[][] {
  const { T, H, G, dirs, L, layout } = net;
  const D = H * dirs;
  const cell = cellFor(net.model);
  const scratch = new Float64Array(p.length); // the weight gradients: not kept
  const out: DirGrads[][] = [];
  // dOut (T, D): what reaches the top layer's outputs from the decoder or the classifier
  let dOut = new Float32Array(T * D);
  const head = layout.headSize;
  for (let t = 0; t < T; t++) {
    for (let q = 0; q < D; q++) {
      // a classifier reads the forward direction's final state at T-1 and the backward one's at 0
      const row = net.labels > 0 ? ((q < H ? t === T - 1 : t === 0) ? 0 : -1) : t;
      if (row < 0) continue;
      let sum = 0;
      for (let v = 0; v < head; v++) sum += net.probs[row * head + v]! * p[layout.decoderWeight + v * D + q]!;
      dOut[t * D + q] = sum;
    }
  }
  for (let l = L - 1; l >= 0; l--) {
    out[l] = [];
    for (let d = 0; d < dirs; d++) out[l]![d] = walkBack(net, cell, p, scratch, net.caches[l]![d]!, l, d, dOut);
    if (l === 0) break;
    // what reaches layer l-1's outputs: Σ over this layer's directions of W_ih^T δ_t
    const below = new Float32Array(T * D);
    for (let d = 0; d < dirs; d++) {
      const lo = layout.layers[l]![d]!;
      const delta = out[l]![d]!.delta;
      for (let t = 0; t < T; t++) {
        for (let q = 0; q < G * H; q++) {
          const g = delta[t * G * H + q]!;
          if (g !== 0) for (let i = 0; i < D; i++) below[t * D + i] = below[t * D + i]! + g * p[lo.wIh + q * lo.inSize + i]!;
        }
      }
    }
    dOut = below;
  }
  return out;
}

/** One direction walked back through the window (its order: t = T-1 .. 0 forward, 0 .. T-1 backward). */
function walkBack(net: Network, cell: ReturnType<typeof cellFor>, p: FArray, scratch: FArray, cache: DirCache, l: number, d: number, dOut: Float32Array): DirGrads {
  const { T, H, G, dirs } = net;
  const lstm = cache.c.length > 0;
  const g: DirGrads = {
    dh: new Float32Array(T * H),
    dhOut: new Float32Array(T * H),
    dhNext: new Float32Array(T * H),
    dc: lstm ? new Float32Array(T * H) : null,
    dcNext: lstm ? new Float32Array(T * H) : null,
    delta: new Float32Array(T * G * H),
  };
  const carry = { dh: new Float64Array(H), dc: new Float64Array(lstm ? H : 0) };
  const st = { dh: new Float64Array(H), dc: new Float64Array(lstm ? H : 0), dxp: new Float64Array(G * H), dhPrev: new Float64Array(H), dcPrev: new Float64Array(lstm ? H : 0), work: new Float64Array(G * H) };
  for (let s = T - 1; s >= 0; s--) {
    const t = d === 0 ? s : T - 1 - s;
    for (let j = 0; j < H; j++) {
      const o = dOut[t * H * dirs + d * H + j]!;
      g.dhOut[t * H + j] = o;
      g.dhNext[t * H + j] = carry.dh[j]!;
      st.dh[j] = o + carry.dh[j]!;
    }
    st.dc.set(carry.dc);
    g.dcNext?.set(carry.dc, t * H);
    g.dh.set(st.dh, t * H);
    cell.backward(p, scratch, net.layout.layers[l]![d]!, 1, H, stepViews(cache, t, d, T, 1, H, G), st);
    g.dc?.set(st.dc, t * H);
    g.delta.set(st.dxp, t * G * H);
    carry.dh.set(st.dhPrev);
    carry.dc.set(st.dcPrev);
  }
  return g;
}

/** From (T, V) probabilities: the k most likely next characters per step and p(true next char). */
export function predictions(probs: ArrayLike<number>, V: number, targets: Int32Array, k: number): Pick<Trace, 'topK' | 'targetProbs'> {
  const T = targets.length;
  const kk = Math.min(k, V);
  const ids = new Int32Array(T * kk);
  const top = new Float32Array(T * kk);
  const targetProbs = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    const order = Array.from({ length: V }, (_, v) => v).sort((a, b) => probs[t * V + b]! - probs[t * V + a]!);
    for (let j = 0; j < kk; j++) {
      ids[t * kk + j] = order[j]!;
      top[t * kk + j] = probs[t * V + order[j]!]!;
    }
    targetProbs[t] = targets[t]! >= 0 ? probs[t * V + targets[t]!]! : NaN;
  }
  return { topK: { k: kk, ids, probs: top }, targetProbs };
}

/** p(ids[t+1]) for every t: the model reading ids from zero state (forward only, B = 1). */
export function nextCharProbs(model: ModelConfig, params: FArray, vocabSize: number, ids: Int32Array): Float32Array {
  const T = ids.length - 1;
  if (T < 1) return new Float32Array(0);
  const net = new Network(model, vocabSize, 1, T, params instanceof Float64Array ? Float64Array : Float32Array);
  const targets = ids.slice(1);
  net.forward(params, ids.slice(0, T), targets, null);
  return Float32Array.from({ length: T }, (_, t) => net.probs[t * vocabSize + targets[t]!]!);
}
