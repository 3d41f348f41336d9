// Chapter 9, generation: names between a start and an end token (one-to-many), sampled with a
// temperature (the logits divided by it before the softmax) and top-k (only the k likeliest
// characters kept). The check lights once samples have arrived at two different temperatures.
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

const sampledAt = temperatureLog();

export const generation: Chapter = {
  id: 'generation',
  number: 9,
  setup: { preset: 'names', model: { cell: 'lstm', hiddenSize: 32 }, train: { batchSize: 16, seed: 1 }, sample: { temperature: 0.8, topK: 0 } },
  panel: 'sample',
  equation: 'p_i = \\frac{\\exp(z_i / \\tau)}{\\sum_j \\exp(z_j / \\tau)}',
  check: {
    seen: (s) => sampledAt(s).length >= 2,
    values: (s) => {
      const temps = sampledAt(s);
      return { temps: temps.length ? temps.join(', ') : '–' };
    },
  },
};
