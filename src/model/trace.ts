// Traces for the visual panels: one window of text through the network with B = 1, keeping every
// gate's pre- and post-activation, c_t, h_t and the top-k next-character probabilities per time
// step, and from the backward pass ||dL/dh_t|| and ||dL/dc_t|| — of the mean loss over every step
// (what training minimises), or of the last step's loss alone, whose gradient shows how far back
// in time one prediction still reaches (vanishing and exploding gradients).
import { gateNames } from './cells/registry.ts';
import type { ModelConfig } from './config.ts';
import { argmax } from './linalg.ts';
import { Network } from './network.ts';
import type { FArray } from './params.ts';

export interface DirTrace {
  pre: Float32Array; //  (T, G*H) gate pre-activations, gates in PyTorch order
  post: Float32Array; // (T, G*H) gate activations
  c: Float32Array | null; // (T, H) LSTM cell state
  h: Float32Array; //    (T, H)
  dhNorm: Float32Array; // (T) ||dL/dh_t||
  dcNorm: Float32Array | null; // (T) ||dL/dc_t|| (LSTM)
}

/** Which loss a trace differentiates: the mean over every step, or the last step's alone. */
export type LossAt = 'all' | 'last';

/** The targets the loss counts (-1: not counted) for `lossAt`. */
export function lossTargets(targets: Int32Array, lossAt: LossAt): Int32Array {
  return lossAt === 'all' ? targets : targets.map((y, t) => (t === targets.length - 1 ? y : -1));
}

export interface Trace {
  T: number;
  H: number;
  gateNames: readonly string[];
  inputs: Int32Array; //  (T) input ids
  targets: Int32Array; // (T) next-character ids
  /** The loss the gradients are of (nats). */
  loss: number;
  /** [layer][direction] */
  layers: DirTrace[][];
  topK: { k: number; ids: Int32Array; probs: Float32Array }; // (T, k) most likely next characters
  /** (T) the model's probability of the true next character. */
  targetProbs: Float32Array;
  /** A classifier's trace (many-to-one): the label probabilities read from the final states, and
   *  the label whose loss the gradients are of. Then there are no next-character predictions:
   *  targets are -1, topK has k = 0 and targetProbs are NaN. */
  classifier?: { probs: Float32Array; label: number };
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
    })),
  );
}

/** The fields of a classifier's trace that have no next-character meaning. */
export function noPredictions(T: number): Pick<Trace, 'targets' | 'topK' | 'targetProbs'> {
  return { targets: new Int32Array(T).fill(-1), topK: { k: 0, ids: new Int32Array(0), probs: new Float32Array(0) }, targetProbs: new Float32Array(T).fill(NaN) };
}


/** Runs ids[0..n-1] -> ids[1..n] through the network from a zero state and records everything. */
export function traceWindow(model: ModelConfig, params: FArray, vocabSize: number, ids: Int32Array, k = 5, lossAt: LossAt = 'all'): Trace {
  const T = ids.length - 1;
  if (T < 1) throw new RangeError('A trace needs a window of at least two characters that the model knows.');
  const net = new Network(model, vocabSize, 1, T, params instanceof Float64Array ? Float64Array : Float32Array);
  const inputs = ids.slice(0, T);
  const targets = ids.slice(1);
  const loss = net.forward(params, inputs, lossTargets(targets, lossAt), null);
  const { topK, targetProbs } = predictions(net.probs, vocabSize, targets, k);
  net.backward(params, new (params instanceof Float64Array ? Float64Array : Float32Array)(params.length));
  const layers = dirTraces(net);
  return { T, H: net.H, gateNames: gateNames(net.model), inputs, targets, loss, layers, topK, targetProbs };
}

/**
 * A classifier reading the sentence `ids` (T = ids.length) from a zero state: every gate and state,
 * the label probabilities, and the gradients of the loss of `label` (default: the predicted one).
 */
export function traceSentence(model: ModelConfig, params: FArray, vocabSize: number, labels: number, ids: Int32Array, label?: number): Trace {
  const T = ids.length;
  if (T < 1) throw new RangeError('A trace needs at least one character that the model knows.');
  const net = new Network(model, vocabSize, 1, T, params instanceof Float64Array ? Float64Array : Float32Array, labels);
  net.forward(params, ids, Int32Array.of(-1), null);
  const probs = Float32Array.from(net.probs);
  const target = label ?? argmax(probs);
  const loss = net.forward(params, ids, Int32Array.of(target), null);
  net.backward(params, new (params instanceof Float64Array ? Float64Array : Float32Array)(params.length));
  return { T, H: net.H, gateNames: gateNames(net.model), inputs: ids.slice(), loss, layers: dirTraces(net), ...noPredictions(T), classifier: { probs, label: target } };
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
    targetProbs[t] = probs[t * V + targets[t]!]!;
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
