// Chapter 6, the GRU: the reset and update gates, no separate cell state, the reset gate applied
// after the recurrent product (PyTorch, cuDNN) or before it (Cho et al. 2014), and its parameter
// count against an LSTM of the same size, computed from the parameter layout. The check: a kept
// GRU run beside a GRU with the reset gate before the product, trained for 50 updates.
import { buildLayout } from '../../../model/params.ts';
import type { PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/** Updates the reset-before GRU must reach beside the kept run. */
export const GRU_STEPS = 50;

/** Parameters of this model as a GRU and as an LSTM (same sizes, same vocabulary), or null before
 *  the text's vocabulary is known. */
export function gruVsLstm(s: Pick<PlaygroundState, 'model' | 'textStats'>): { gru: number; lstm: number } | null {
  const V = s.textStats?.vocab;
  if (!V) return null;
  const count = (cell: 'gru' | 'lstm') => buildLayout({ ...s.model, cell, peephole: false }, V).total;
  return { gru: count('gru'), lstm: count('lstm') };
}

export const gru: Chapter = {
  id: 'gru',
  number: 6,
  setup: { preset: 'memory', model: { cell: 'gru', hiddenSize: 16, gruVariant: 'pytorch' }, train: { batchSize: 8, seed: 1 } },
  panel: 'controls',
  equation:
    '\\begin{aligned} r_t &= \\sigma(W_{ir}x_t + b_{ir} + W_{hr}h_{t-1} + b_{hr}) \\\\ z_t &= \\sigma(W_{iz}x_t + b_{iz} + W_{hz}h_{t-1} + b_{hz}) \\\\ n_t &= \\tanh\\big(W_{in}x_t + b_{in} \\\\ &\\qquad + r_t \\odot (W_{hn}h_{t-1} + b_{hn})\\big) \\\\ h_t &= (1 - z_t) \\odot n_t + z_t \\odot h_{t-1} \\end{aligned}',
  figure: 'gate-valve',
  check: {
    seen: (s) => s.kept.some((k) => k.cell === 'gru') && s.runs.some((r) => r.id === 'gru' && r.model.gruVariant === 'original' && (r.points.at(-1)?.step ?? 0) >= GRU_STEPS),
    values: (s) => {
      const n = gruVsLstm(s);
      return { gru: n?.gru ?? '–', lstm: n?.lstm ?? '–', pct: n ? Math.round((100 * n.gru) / n.lstm) : '–', steps: GRU_STEPS };
    },
  },
};
