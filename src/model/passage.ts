// A passage of the training text through the network, for "What each unit does": a run of whole
// windows of `window` steps (B = 1) carried with state as training's truncated BPTT carries it
// (the forward direction's final h and c start the next window; the backward direction starts
// each window from zero), keeping every layer and direction's gate activations, c and h and the
// top-k next characters at every position. Forward only. The reference here is what the GPU's
// passage (src/backend/webgpu/passage.ts) is checked against; both join their windows with
// joinWindows.
import { gateNames } from './cells/registry.ts';
import type { ModelConfig } from './config.ts';
import { Network } from './network.ts';
import type { FArray } from './params.ts';
import { predictions, type DirTrace, type Trace } from './trace.ts';

/** One (layer, direction) over the passage. */
export type DirStates = Pick<DirTrace, 'post' | 'c' | 'h'>; // post (N, G*H), c (N, H) LSTM, h (N, H)

export interface Passage {
  N: number; // positions: a whole number of windows
  window: number;
  H: number;
  gateNames: readonly string[];
  inputs: Int32Array; //  (N) input ids
  targets: Int32Array; // (N) next-character ids
  /** [layer][direction] */
  layers: DirStates[][];
  topK: Trace['topK']; // (N, k) most likely next characters
}

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

/** Why a run has no passage: it trains on a task's sequences, not on a text. */
export const NO_PASSAGE = 'A passage reads the training text; this run trains on a task\'s sequences.';

/** One window's part of a passage: its states and its (window, V) softmax probabilities. */
export interface WindowPart {
  layers: DirStates[][];
  probs: ArrayLike<number>;
}

/** The whole windows of `ids` (ids[i] -> ids[i+1]): inputs and targets of each. A RangeError when
 *  not even one window fits. */
export function passageWindows(ids: Int32Array, window: number): { inputs: Int32Array; targets: Int32Array }[] {
  if (!(window >= 1)) throw new RangeError('A passage needs a window of at least one step.');
  const n = Math.floor((ids.length - 1) / window);
  if (n < 1) throw new RangeError(`A passage needs at least ${window + 1} characters that the model knows.`);
  return Array.from({ length: n }, (_, w) => ({ inputs: ids.slice(w * window, (w + 1) * window), targets: ids.slice(w * window + 1, (w + 1) * window + 1) }));
}

/** The windows' parts joined into one passage, position after position. */
export function joinWindows(model: ModelConfig, V: number, windows: { inputs: Int32Array; targets: Int32Array }[], parts: WindowPart[], k: number): Passage {
  const window = windows[0]!.inputs.length;
  const N = windows.length * window;
  const join = (pick: (p: WindowPart) => Float32Array | null): Float32Array | null => {
    const first = pick(parts[0]!);
    if (!first) return null;
    const out = new Float32Array(first.length * parts.length);
    parts.forEach((p, w) => out.set(pick(p)!, w * first.length));
    return out;
  };
  const layers = parts[0]!.layers.map((dirs, l) =>
    dirs.map((_, d) => ({
      post: join((p) => p.layers[l]![d]!.post)!,
      c: join((p) => p.layers[l]![d]!.c),
      h: join((p) => p.layers[l]![d]!.h)!,
    })),
  );
  const probs = new Float32Array(N * V); // (N, V)
  parts.forEach((p, w) => probs.set(p.probs, w * window * V));
  const targets = new Int32Array(N);
  const inputs = new Int32Array(N);
  windows.forEach((win, w) => {
    inputs.set(win.inputs, w * window);
    targets.set(win.targets, w * window);
  });
  return { N, window, H: model.hiddenSize, gateNames: gateNames(model), inputs, targets, layers, topK: predictions(probs, V, targets, k).topK };
}

/** The reference: `ids` read window after window from a zero state, the state carried between them. */
export function tracePassage(model: ModelConfig, params: FArray, V: number, ids: Int32Array, window: number, k = 5): Passage {
  const windows = passageWindows(ids, window);
  const ctor = params instanceof Float64Array ? Float64Array : Float32Array;
  const net = new Network(model, V, 1, window, ctor);
  const state = net.zeroState(ctor);
  const parts = windows.map(({ inputs, targets }) => {
    net.forward(params, inputs, targets, state);
    const layers = net.caches.map((dirs) => dirs.map((c) => ({ post: Float32Array.from(c.post), c: c.c.length ? Float32Array.from(c.c) : null, h: Float32Array.from(c.h) })));
    return { layers, probs: Float32Array.from(net.probs) };
  });
  return joinWindows(model, V, windows, parts, k);
}
