// Chapter 4, vanishing and exploding gradients: the long-range task (a letter recalled 17 steps
// later) with a vanilla tanh RNN, the gradient of the last step's loss at every step back. The
// check: the first step's ‖∂L/∂h‖ under a thousandth of the last step's, which this setup shows in
// its first updates (bench/NOTES.md, "Lessons": the ratio measured over training).
import type { PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/** The RNN's first-step ‖∂L/∂h‖ over its last step's, from its latest trace of the last step's
 *  loss (bottom layer, forward direction); null without one. */
export function firstOverLast(s: Pick<PlaygroundState, 'traces'>): number | null {
  const frame = s.traces.rnn;
  if (!frame || frame.lossAt !== 'last' || frame.partial) return null;
  const d = frame.trace.layers[0]![0]!.dhNorm;
  const last = d[d.length - 1]!;
  return d.length > 1 && last > 0 ? d[0]! / last : null;
}

export const gradients: Chapter = {
  id: 'gradients',
  number: 4,
  setup: { preset: 'memory', model: { cell: 'rnn', nonlinearity: 'tanh' }, train: { seed: 1 } },
  panel: 'gradient',
  equation: '\\frac{\\partial h_T}{\\partial h_1} = \\prod_{t=2}^{T} \\operatorname{diag}\\big(1 - h_t^2\\big)\\, W_{hh}',
  figure: 'decay',
  check: {
    seen: (s) => {
      const r = firstOverLast(s);
      return r !== null && r < 1e-3;
    },
    values: (s) => {
      const r = firstOverLast(s);
      return { ratio: r === null ? '–' : r.toExponential(1) };
    },
  },
};
