// Chapter 3, forward through time, then backpropagation through time walked back step by step on
// the "hello" network.
import { stepperT } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

export const bptt: Chapter = {
  id: 'bptt',
  number: 3,
  setup: { preset: 'hello', train: { seed: 1 } },
  panel: 'inside',
  equation: '\\frac{\\partial L}{\\partial h_t} = \\frac{\\partial L_t}{\\partial h_t} + \\frac{\\partial L}{\\partial h_{t+1}}\\frac{\\partial h_{t+1}}{\\partial h_t}',
  check: { seen: (s) => s.stepper?.backward != null && s.stepper.backward >= stepperT(s.stepper) },
};
