// The numbers behind the "hello" network figure: which run it can draw (a one-layer, one-way
// vanilla RNN on a few symbols), the edges of its one-hot input, recurrent and output weights
// read from the flat parameter buffer, and how a weight becomes a line (width and opacity grow
// with |w|, colour says its sign). Pure, so the mapping is tested with real numbers.
import type { ModelConfig } from '../../../model/config.ts';
import type { ParamLayout } from '../../../model/params.ts';

/** The largest network the figure draws legibly. */
export const MAX_SYMBOLS = 8;
export const MAX_HIDDEN = 16;

/** Why a run cannot be drawn, or null when it can. */
export function helloNetFit(model: ModelConfig, symbols: number): 'cell' | 'size' | null {
  if (model.cell !== 'rnn' || model.numLayers !== 1 || model.bidirectional) return 'cell';
  return symbols > MAX_SYMBOLS || model.hiddenSize > MAX_HIDDEN ? 'size' : null;
}

/** One weight: from node `from` of its source column to node `to` of its target column. */
export interface Edge {
  from: number;
  to: number;
  w: number;
}

export interface HelloEdges {
  /** x_t (V one-hot inputs) → h_t (H): W_ih, (H, V). */
  ih: Edge[];
  /** h_{t−1} (H) → h_t (H): W_hh, (H, H). */
  hh: Edge[];
  /** h_t (H) → logits (V): decoder.weight, (V, H). */
  ho: Edge[];
  /** The largest |w| of the three: every line is scaled by it. */
  maxAbs: number;
}

/** The rows × cols matrix at `offset` of `params` as edges from column j to row i. */
function matrixEdges(params: ArrayLike<number>, offset: number, rows: number, cols: number): Edge[] {
  const out: Edge[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.push({ from: j, to: i, w: params[offset + i * cols + j]! });
  return out;
}

/** The three weight matrices of a one-layer RNN (layer 0, forward) as edges. */
export function helloEdges(params: ArrayLike<number>, layout: ParamLayout, H: number): HelloEdges {
  const lo = layout.layers[0]![0]!;
  const V = layout.vocabSize;
  const ih = matrixEdges(params, lo.wIh, H, lo.inSize);
  const hh = matrixEdges(params, lo.wHh, H, H);
  const ho = matrixEdges(params, layout.decoderWeight, V, H);
  let maxAbs = 0;
  for (const e of [...ih, ...hh, ...ho]) maxAbs = Math.max(maxAbs, Math.abs(e.w));
  return { ih, hh, ho, maxAbs };
}

/** A weight's line: width 0.5–4 px and opacity 0.15–1 in proportion to |w| / maxAbs; positive
 *  and negative weights are told apart by colour. */
export function edgeStroke(w: number, maxAbs: number): { width: number; opacity: number; positive: boolean } {
  const r = maxAbs > 0 ? Math.min(1, Math.abs(w) / maxAbs) : 0;
  return { width: 0.5 + 3.5 * r, opacity: 0.15 + 0.85 * r, positive: w >= 0 };
}

/** The y of node k of n, centred in a column of `height` with `gap` between nodes. */
export const nodeY = (k: number, n: number, height: number, gap: number): number => height / 2 + (k - (n - 1) / 2) * gap;

/** The model's probability of each symbol after step t, from a trace's top-k (all of them when
 *  k ≥ the number of symbols; a symbol outside the top k reads 0). */
export function stepProbs(topK: { k: number; ids: ArrayLike<number>; probs: ArrayLike<number> }, t: number, symbols: number): Float64Array {
  const out = new Float64Array(symbols);
  for (let r = 0; r < topK.k; r++) {
    const id = topK.ids[t * topK.k + r]!;
    if (id >= 0 && id < symbols) out[id] = topK.probs[t * topK.k + r]!;
  }
  return out;
}
