// Chapter 1, sequences and the loop: the network unrolled over a short window of English text, the
// shared weights shown beside it; stepping forward shows h_t change while the weights stay one set.
import type { Chapter } from '../chapter.ts';

export const loop: Chapter = {
  id: 'loop',
  number: 1,
  setup: {
    preset: 'english',
    model: { cell: 'rnn', hiddenSize: 16, nonlinearity: 'tanh' },
    train: { seqLen: 16, batchSize: 4, learningRate: 0.01, seed: 1 },
    inspect: { length: 8, weights: true },
  },
  panel: 'inside',
  equation: 'h_t = \\tanh(W_{ih}\\,x_t + b_{ih} + W_{hh}\\,h_{t-1} + b_{hh})',
  check: { seen: (s) => (s.stepper?.shown ?? 0) >= 3 },
};
