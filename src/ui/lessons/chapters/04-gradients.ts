// Chapter 4, vanishing and exploding gradients: the long-range task with a vanilla tanh RNN, the
// gradient of the last step's loss at every step back.
import type { Chapter } from '../chapter.ts';

export const gradients: Chapter = {
  id: 'gradients',
  number: 4,
  setup: { preset: 'memory', model: { cell: 'rnn', nonlinearity: 'tanh' }, train: { seed: 1 } },
  panel: 'gradient',
  equation: '\\frac{\\partial h_T}{\\partial h_1} = \\prod_{t=2}^{T} \\operatorname{diag}(1 - h_t^2)\\, W_{hh}',
  figure: 'decay',
};
