// A passage through the network, for "What each unit does": every layer and direction's gate
// activations, c and h and the top-k next characters at every position of it. Forward only. Two
// kinds, read as training reads them:
//   text:      a run of whole windows of `window` steps (B = 1) of the training text, carried
//              with state as training's truncated BPTT carries it (the forward direction's final
//              h and c start the next window; the backward direction starts each window from zero);
//   sequences: a task's sequences (lines from their start token, sentences, memory sequences),
//              each from a zero state, joined one after the other; a classifier's label
//              probabilities at each one's end.
// The references here are what the GPU's passages (src/backend/webgpu/passage.ts) are checked
// against; both join their parts with joinWindows / joinSequences.
import { gateNames } from './cells/registry.ts';
import type { ModelConfig } from './config.ts';
import { Network } from './network.ts';
import type { FArray } from './params.ts';
import type { SequenceTask } from './tasks.ts';
import { noPredictions, predictions, traceInputs, type DirTrace, type Trace } from './trace.ts';
import { encode, type Vocab } from './vocab.ts';

/** One (layer, direction) over the passage. */
export type DirStates = Pick<DirTrace, 'post' | 'c' | 'h'>; // post (N, G*H), c (N, H) LSTM, h (N, H)

/** How a passage was read: a text in windows of `window` steps, the state carried; or a task's
 *  sequences, each from a zero state, starting at `starts` (S), with a classifier's label
 *  probabilities at each one's end (S, C; null for the other tasks). */
export type Reading = { kind: 'text'; window: number } | { kind: 'sequences'; starts: Int32Array; labelProbs: Float32Array | null };

export interface Passage {
  N: number; // positions
  H: number;
  gateNames: readonly string[];
  inputs: Int32Array; //  (N) input ids
  targets: Int32Array; // (N) next ids (a memory task's answers; -1 where nothing is asked)
  /** [layer][direction] */
  layers: DirStates[][];
  topK: Trace['topK']; // (N, k) most likely next ids (k = 0 for a classifier)
  reading: Reading;
}

/** What a passage reads: a text in windows of `window` steps, or a task's sequences as text (a
 *  line from its start token to its end token, a sentence, a memory sequence). */
export type PassageSource = { text: string; window: number } | { sequences: readonly string[] };

/** One unit: a (layer, direction)'s h, c or a gate (by name), and its index. */
export interface UnitRef {
  layer: number;
  dir: number;
  part: string; // 'h', 'c' or a gate name
  unit: number;
}

/** The unit's activation at every position of the passage (N), or null when the passage has no
 *  such unit (another model). */
export function unitColumn(p: Passage, c: UnitRef): Float32Array | null {
  const dir = p.layers[c.layer]?.[c.dir];
  if (!dir || c.unit < 0 || c.unit >= p.H) return null;
  const g = p.gateNames.indexOf(c.part);
  const [src, width, col] = c.part === 'h' ? [dir.h, p.H, c.unit] : c.part === 'c' ? [dir.c, p.H, c.unit] : g >= 0 ? [dir.post, p.gateNames.length * p.H, g * p.H + c.unit] : [null, 0, 0];
  if (!src) return null;
  return Float32Array.from({ length: p.N }, (_, t) => src[t * width + col]!);
}

/** Why a passage of one kind was refused: the run reads the other kind. */
export const NO_PASSAGE = 'A passage reads the training text; this run trains on a task\'s sequences.';
export const NO_SEQUENCES = 'A passage of sequences reads a task\'s sequences; this run trains on a text.';

/** One window's or sequence's part of a passage: what it read, its states and its softmax
 *  probabilities ((T, V); a classifier's label probabilities (C)). */
export interface PassagePart {
  inputs: Int32Array; //  (T)
  targets: Int32Array; // (T); a classifier's: (1) -1
  layers: DirStates[][];
  probs: Float32Array;
}

/** The whole windows of `ids` (ids[i] -> ids[i+1]): inputs and targets of each. A RangeError when
 *  not even one window fits. */
export function passageWindows(ids: Int32Array, window: number): { inputs: Int32Array; targets: Int32Array }[] {
  if (!(window >= 1)) throw new RangeError('A passage needs a window of at least one step.');
  const n = Math.floor((ids.length - 1) / window);
  if (n < 1) throw new RangeError(`A passage needs at least ${window + 1} characters that the model knows.`);
  return Array.from({ length: n }, (_, w) => ({ inputs: ids.slice(w * window, (w + 1) * window), targets: ids.slice(w * window + 1, (w + 1) * window + 1) }));
}

/** A task's sequences (as text) as training reads them: a line's inputs from its start token and
 *  targets to its end token, a memory sequence's answers, a sentence (its label asked for
 *  nothing: -1). Those that hold too few symbols the model knows are left out; a RangeError when
 *  none is left. */
export function passageSequences(vocab: Vocab, task: SequenceTask, texts: readonly string[]): { inputs: Int32Array; targets: Int32Array }[] {
  const out = texts.flatMap((text) => {
    const ids = encode(vocab, text).ids;
    if (task.mode === 'classify') return ids.length > 0 ? [{ inputs: ids, targets: Int32Array.of(-1) }] : [];
    try {
      return [traceInputs(ids, task.mode === 'memory' ? task : undefined)];
    } catch (err) {
      if (err instanceof RangeError) return [];
      throw err;
    }
  });
  if (out.length === 0) throw new RangeError('A passage needs a sequence with symbols that the model knows.');
  return out;
}

/** Arrays joined one after the other. */
function concat<A extends Float32Array | Int32Array>(arrays: A[], make: (n: number) => A): A {
  const out = make(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** The parts' inputs and states joined position after position. */
function joinStates(model: ModelConfig, parts: PassagePart[]): Pick<Passage, 'N' | 'H' | 'gateNames' | 'inputs' | 'layers'> {
  const floats = (arrays: Float32Array[]) => concat(arrays, (n) => new Float32Array(n));
  const layers = parts[0]!.layers.map((dirs, l) =>
    dirs.map((first, d) => ({
      post: floats(parts.map((p) => p.layers[l]![d]!.post)),
      c: first.c ? floats(parts.map((p) => p.layers[l]![d]!.c!)) : null,
      h: floats(parts.map((p) => p.layers[l]![d]!.h)),
    })),
  );
  const inputs = concat(parts.map((p) => p.inputs), (n) => new Int32Array(n));
  return { N: inputs.length, H: model.hiddenSize, gateNames: gateNames(model), inputs, layers };
}

/** A text's windows joined into one passage. */
export function joinWindows(model: ModelConfig, V: number, parts: PassagePart[], k: number): Passage {
  const states = joinStates(model, parts);
  const targets = concat(parts.map((p) => p.targets), (n) => new Int32Array(n));
  const probs = concat(parts.map((p) => p.probs), (n) => new Float32Array(n)); // (N, V)
  return { ...states, targets, topK: predictions(probs, V, targets, k).topK, reading: { kind: 'text', window: parts[0]!.inputs.length } };
}

/** A task's sequences joined into one passage (`classifier`: their probs are label probabilities). */
export function joinSequences(model: ModelConfig, V: number, parts: PassagePart[], k: number, classifier: boolean): Passage {
  const states = joinStates(model, parts);
  const starts = new Int32Array(parts.length);
  for (let s = 1; s < parts.length; s++) starts[s] = starts[s - 1]! + parts[s - 1]!.inputs.length;
  const probs = concat(parts.map((p) => p.probs), (n) => new Float32Array(n));
  if (classifier) {
    const none = noPredictions(states.N);
    return { ...states, targets: none.targets, topK: none.topK, reading: { kind: 'sequences', starts, labelProbs: probs } };
  }
  const targets = concat(parts.map((p) => p.targets), (n) => new Int32Array(n));
  return { ...states, targets, topK: predictions(probs, V, targets, k).topK, reading: { kind: 'sequences', starts, labelProbs: null } };
}

/** The states of a forward pass of a B = 1 network. */
function keptStates(net: Network): DirStates[][] {
  return net.caches.map((dirs) => dirs.map((c) => ({ post: Float32Array.from(c.post), c: c.c.length ? Float32Array.from(c.c) : null, h: Float32Array.from(c.h) })));
}

/** The reference: `ids` read window after window from a zero state, the state carried between them. */
export function tracePassage(model: ModelConfig, params: FArray, V: number, ids: Int32Array, window: number, k = 5): Passage {
  const windows = passageWindows(ids, window);
  const ctor = params instanceof Float64Array ? Float64Array : Float32Array;
  const net = new Network(model, V, 1, window, ctor);
  const state = net.zeroState(ctor);
  const parts = windows.map(({ inputs, targets }) => {
    net.forward(params, inputs, targets, state);
    return { inputs, targets, layers: keptStates(net), probs: Float32Array.from(net.probs) };
  });
  return joinWindows(model, V, parts, k);
}

/** The reference: each sequence read from a zero state (`labels` > 0: a classifier of that many). */
export function traceSequencePassage(model: ModelConfig, params: FArray, V: number, labels: number, sequences: { inputs: Int32Array; targets: Int32Array }[], k = 5): Passage {
  const ctor = params instanceof Float64Array ? Float64Array : Float32Array;
  const parts = sequences.map(({ inputs, targets }) => {
    const net = new Network(model, V, 1, inputs.length, ctor, labels);
    net.forward(params, inputs, targets, null);
    return { inputs, targets, layers: keptStates(net), probs: Float32Array.from(net.probs) };
  });
  return joinSequences(model, V, parts, k, labels > 0);
}

/** The index of the sequence that position `i` of a sequences passage belongs to. */
export function sequenceAt(starts: Int32Array, i: number): number {
  let s = 0;
  while (s + 1 < starts.length && starts[s + 1]! <= i) s++;
  return s;
}
