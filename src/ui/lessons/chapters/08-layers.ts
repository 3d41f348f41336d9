// Chapter 8, stacked and bidirectional layers on a many-to-one task: intent classification, two
// bidirectional GRU layers reading a sentence and the two directions' final states giving its
// label. The check lights when the held-out accuracy has reached 50% (six labels: chance is 17%);
// the training chart is set to that accuracy too.
import { currentTask, type PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/** The held-out accuracy the check waits for. */
export const HELD_OUT_ACCURACY = 0.5;

/** The first run's best and latest held-out accuracy, or null before its first evaluation (on a
 *  few held-out sentences it moves up and down from one evaluation to the next). */
function heldOut(s: PlaygroundState): { best: number; latest: number } | null {
  const evals = s.runs[0]?.evals ?? [];
  return evals.length ? { best: Math.max(...evals.map((e) => e.accuracy)), latest: evals.at(-1)!.accuracy } : null;
}

export const layers: Chapter = {
  id: 'layers',
  number: 8,
  setup: { preset: 'intents', model: { cell: 'gru', hiddenSize: 32, numLayers: 2, bidirectional: true }, train: { batchSize: 16, seed: 1 }, chart: { y: 'accuracy' } },
  panel: 'classify',
  equation: '\\begin{aligned} x^{(2)}_t &= \\big[\\overrightarrow{h}^{(1)}_t ; \\overleftarrow{h}^{(1)}_t\\big] \\\\ p(y \\mid x_{1..T}) &= \\operatorname{softmax}\\big(W\\,[\\overrightarrow{h}^{(2)}_T ; \\overleftarrow{h}^{(2)}_1] + b\\big) \\end{aligned}',
  check: {
    seen: (s) => (heldOut(s)?.best ?? 0) >= HELD_OUT_ACCURACY,
    values: (s) => {
      const acc = heldOut(s);
      const task = currentTask(s);
      const labels = task?.mode === 'classify' ? task.labels.length : 0;
      const pct = (v: number) => `${Math.round(v * 100)}%`;
      return { need: pct(HELD_OUT_ACCURACY), best: acc ? pct(acc.best) : '–', latest: acc ? pct(acc.latest) : '–', chance: labels ? pct(1 / labels) : '–' };
    },
  },
};
