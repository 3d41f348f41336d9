// Chapter 2, the "hello" example: four letters one-hot, a softmax over the next letter, the
// cross-entropy falling until the model writes "ello" after "h".
import type { Chapter } from '../chapter.ts';

export const hello: Chapter = {
  id: 'hello',
  number: 2,
  // the weights come along with the traces: the figure draws the network with them
  setup: { preset: 'hello', train: { seed: 1 }, inspect: { weights: true } },
  panel: 'sample',
  equation: 'L = -\\frac{1}{T}\\sum_t \\log \\operatorname{softmax}(W_{out} h_t + b_{out})_{y_t}',
  figure: 'hello-net',
  check: {
    seen: (s) => s.sampleOptions.prime === 'h' && s.sample === 'ello',
    values: (s) => ({ sample: s.sample || '–' }),
  },
};
