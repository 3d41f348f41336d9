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
}

export const DEFAULT_SAMPLE: SampleOptions = { prime: '', length: 200, temperature: 0.8, topK: 0, seed: 1 };

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

/** Returns the generated continuation (without the prime). Prime characters not in the vocabulary are skipped. */
export function sampleText(model: ModelConfig, params: FArray, vocab: Vocab, opts: SampleOptions): string {
  if (opts.length <= 0) return '';
  const net = new Network(model, vocab.size, 1, 1, params instanceof Float64Array ? Float64Array : Float32Array);
  const rng = createRng(opts.seed);
  const state = net.zeroState();
  const input = new Int32Array(1);
  const noTarget = Int32Array.of(-1);
  const primeIds = codePoints(opts.prime).map((ch) => vocab.id(ch)).filter((id) => id >= 0);
  // with no usable prime, start from a character drawn uniformly from the vocabulary
  let next = primeIds.length > 0 ? primeIds[0]! : rng.int(vocab.size);
  const start = primeIds.length > 0 ? primeIds : [next];
  for (const id of start) {
    input[0] = id;
    net.forward(params, input, noTarget, state);
  }
  let out = primeIds.length > 0 ? '' : vocab.symbols[next]!;
  for (let i = out.length > 0 ? 1 : 0; i < opts.length; i++) {
    next = drawFromProbs(net.probs, opts.temperature, opts.topK, rng);
    out += vocab.symbols[next]!;
    input[0] = next;
    net.forward(params, input, noTarget, state);
  }
  return out;
}
