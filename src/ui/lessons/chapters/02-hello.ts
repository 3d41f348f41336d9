// Chapter 2, the "hello" example: four letters one-hot, a softmax over the next letter, the
// cross-entropy falling until the model writes "ello" after "h".
import type { Chapter } from '../chapter.ts';

export const hello: Chapter = {
  id: 'hello',
  number: 2,
  setup: { preset: 'hello', train: { seed: 1 } },
  panel: 'sample',
  equation: 'L = -\\frac{1}{T}\\sum_t \\log \\operatorname{softmax}(W_{out} h_t + b_{out})_{y_t}',
  figure: 'hello-net',
  check: { seen: (s) => s.sample === 'ello' },
};
