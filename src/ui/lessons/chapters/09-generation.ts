// Chapter 9, generation: names between a start and an end token (trained many-to-many, generated
// one-to-many from the start token), sampled with a temperature (the logits divided by it before
// the softmax) and top-k (only the k likeliest characters kept). The check lights once samples
// have arrived at a low temperature and at a high one, both chosen by the person (the setup's 0.8
// is neither).
import type { PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/**
 * The temperatures samples arrived at: each new sample is recorded with the temperature the
 * sample panel holds when it arrives. Samples are compared by text and update, so the check's
 * repeated reads of one state record it once.
 */
export function temperatureLog(): (s: Pick<PlaygroundState, 'sample' | 'sampleStep' | 'sampleOptions'>) => number[] {
  const temps = new Set<number>();
  let last = '';
  return (s) => {
    const key = `${s.sampleStep}\u0000${s.sample}`;
    if (s.sample !== '' && key !== last) {
      last = key;
      temps.add(s.sampleOptions.temperature);
    }
    return [...temps];
  };
}

/** The temperatures the check needs a sample at: one at most LOW, one at least HIGH. */
export const TEMPERATURES = { low: 0.5, high: 1.2 } as const;

/** Samples at a low and at a high temperature among those logged. */
export const lowAndHigh = (temps: readonly number[]): boolean => temps.some((t) => t <= TEMPERATURES.low) && temps.some((t) => t >= TEMPERATURES.high);

const sampledAt = temperatureLog();

export const generation: Chapter = {
  id: 'generation',
  number: 9,
  setup: { preset: 'names', model: { cell: 'lstm', hiddenSize: 32 }, train: { batchSize: 16, seed: 1 }, sample: { temperature: 0.8, topK: 0 } },
  panel: 'sample',
  equation: 'p_i = \\frac{\\exp(z_i / \\tau)}{\\sum_j \\exp(z_j / \\tau)}',
  check: {
    seen: (s) => lowAndHigh(sampledAt(s)),
    values: (s) => {
      const temps = sampledAt(s);
      return { temps: temps.length ? temps.join(', ') : '–' };
    },
  },
};
