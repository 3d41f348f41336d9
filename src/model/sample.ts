// Sampling text from a model: prime the state with a text, then draw one character at a time with
// temperature (0 = greedy argmax) and top-k, every draw through the seeded PRNG.
// A bidirectional layer's reverse direction sees nothing after the current position, so at each
// step it starts from zero state: exactly what the trained network computes at a window's end.
import type { ModelConfig } from './config.ts';
import { Network } from './network.ts';
import type { FArray } from './params.ts';
import { createRng, type Rng } from './rng.ts';
import { codePoints, type Vocab } from './vocab.ts';

export interface SampleOptions {
  prime: string;
  length: number;
  /** 0 = greedy; 1 = the model's distribution; > 1 flatter. */
  temperature: number;
  /** Keep only the k most likely characters (0 = all). */
  topK: number;
  seed: number;
  /** Line mode: stop when this symbol (the end token) is drawn; it is not part of the output. */
  stopAt?: string;
  /** Line mode: a symbol never drawn (the start token: an input only, never a target). */
  never?: string;
}

export const DEFAULT_SAMPLE: SampleOptions = { prime: '', length: 200, temperature: 0.8, topK: 0, seed: 1 };

/** What the sample panel offers (and what a stored sample option must lie in). */
export const SAMPLE_BOUNDS = {
  length: { min: 1, max: 2000, integer: true },
  temperature: { min: 0, max: 3, integer: false },
  topK: { min: 0, max: 1000, integer: true },
} as const;

/** Draws an id from probabilities with temperature and top-k. */
export function drawFromProbs(probs: ArrayLike<number>, temperature: number, topK: number, rng: Rng): number {
  const V = probs.length;
  let best = 0;
  for (let v = 1; v < V; v++) if (probs[v]! > probs[best]!) best = v;
  if (temperature <= 0) return best;
  let order = Array.from({ length: V }, (_, v) => v);
  if (topK > 0 && topK < V) order = order.sort((a, b) => probs[b]! - probs[a]!).slice(0, topK);
  // weights ∝ p^(1/τ), relative to the most likely character for range safety
  const logBest = Math.log(probs[best]!);
  const w = order.map((v) => (probs[v]! > 0 ? Math.exp((Math.log(probs[v]!) - logBest) / temperature) : 0));
  const total = w.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < order.length; i++) {
    u -= w[i]!;
    if (u < 0) return order[i]!;
  }
  return order[order.length - 1]!;
}

/** `probs` with one id's probability set to 0 (a copy). */
function without(probs: ArrayLike<number>, id: number): Float64Array {
  const kept = Float64Array.from(probs);
  kept[id] = 0;
  return kept;
}

/**
 * The sampling loop, independent of the engine: yields each id to feed to the network and expects
 * back the next-character probabilities after it; returns the generated text (without the prime).
 * Prime characters not in the vocabulary are skipped; with no usable prime it starts from a
 * character drawn uniformly from the vocabulary (which is part of the output).
 */
export function* sampleSteps(vocab: Vocab, opts: SampleOptions): Generator<number, string, ArrayLike<number>> {
  if (opts.length <= 0) return '';
  const rng = createRng(opts.seed);
  const primeIds = codePoints(opts.prime).map((ch) => vocab.id(ch)).filter((id) => id >= 0);
  const start = primeIds.length > 0 ? primeIds : [rng.int(vocab.size)];
  let out = primeIds.length > 0 ? '' : vocab.symbols[start[0]!]!;
  let probs: ArrayLike<number> = [];
  for (const id of start) probs = yield id;
  const stop = opts.stopAt === undefined ? -1 : vocab.id(opts.stopAt);
  const never = opts.never === undefined ? -1 : vocab.id(opts.never);
  for (let i = primeIds.length > 0 ? 0 : 1; i < opts.length; i++) {
    const next = drawFromProbs(never < 0 ? probs : without(probs, never), opts.temperature, opts.topK, rng);
    if (next === stop) break;
    out += vocab.symbols[next]!;
    if (i < opts.length - 1) probs = yield next;
  }
  return out;
}

/** Samples on the CPU reference (B = 1, T = 1, state carried). */
export function sampleText(model: ModelConfig, params: FArray, vocab: Vocab, opts: SampleOptions): string {
  const net = new Network(model, vocab.size, 1, 1, params instanceof Float64Array ? Float64Array : Float32Array);
  const state = net.zeroState();
  const input = new Int32Array(1);
  const noTarget = Int32Array.of(-1);
  const steps = sampleSteps(vocab, opts);
  let r = steps.next();
  while (!r.done) {
    input[0] = r.value;
    net.forward(params, input, noTarget, state);
    r = steps.next(net.probs);
  }
  return r.value;
}
