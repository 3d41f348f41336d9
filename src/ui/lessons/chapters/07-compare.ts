// Chapter 7, the vanilla RNN, the LSTM and the GRU compared: "Train all three" trains them on the
// same text from the same seed, their curves overlaid; then the same on a memory task (recall).
// The check lights when all three have trained for 100 updates, and shows their latest losses.
import type { CellKind } from '../../../model/cells/registry.ts';
import type { PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/** Updates each of the three runs must reach. */
export const COMPARE_STEPS = 100;

/** The latest point of run `id`, if it has one. */
const latest = (s: PlaygroundState, id: CellKind) => s.runs.find((r) => r.id === id)?.points.at(-1);

export const compare: Chapter = {
  id: 'compare',
  number: 7,
  setup: { preset: 'english', model: { hiddenSize: 32 }, train: { seqLen: 32, batchSize: 8, learningRate: 0.01, seed: 1 }, chart: { x: 'step', y: 'loss' } },
  panel: 'chart',
  check: {
    seen: (s) => s.runs.length === 3 && s.runs.every((r) => (r.points.at(-1)?.step ?? 0) >= COMPARE_STEPS),
    values: (s) => {
      const loss = (id: CellKind) => latest(s, id)?.loss.toFixed(3) ?? '–';
      return { steps: COMPARE_STEPS, rnn: loss('rnn'), lstm: loss('lstm'), gru: loss('gru') };
    },
  },
};
