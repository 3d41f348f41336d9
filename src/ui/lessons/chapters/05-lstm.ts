// Chapter 5, the LSTM: the forget, input and output gates around the cell state (peepholes as a
// variant), on the long-range text where keeping a letter for 17 steps pays. The gate valve figure
// shows one unit's gates; the check lights when some unit's forget gate stays open (above 0.9)
// for 10 steps in a row of the inspected window.
import type { Trace } from '../../../model/trace.ts';
import type { PlaygroundState } from '../../../store/state.ts';
import type { Chapter } from '../chapter.ts';

/** The forget gate's value a unit must stay above, and for how many steps in a row. */
export const KEEP = { above: 0.9, steps: 10 } as const;

/**
 * The longest stretch of consecutive steps in which one unit's gate `gate` stays above `above`,
 * in the bottom layer's forward direction: which unit, how many steps, and the gate's lowest
 * value over them. Null when the trace has no such gate.
 */
export function longestOpen(trace: Trace, gate: string, above: number): { unit: number; steps: number; min: number } | null {
  const g = trace.gateNames.indexOf(gate);
  const d = trace.layers[0]?.[0];
  if (g < 0 || !d) return null;
  const { H, T } = trace;
  const G = trace.gateNames.length;
  let best = { unit: 0, steps: 0, min: 0 };
  for (let j = 0; j < H; j++) {
    let run = 0;
    let min = Infinity;
    for (let t = 0; t < T; t++) {
      const v = d.post[t * G * H + g * H + j]!;
      run = v > above ? run + 1 : 0;
      min = run === 0 ? Infinity : Math.min(min, v);
      if (run > best.steps) best = { unit: j, steps: run, min };
    }
  }
  return best;
}

/** The latest LSTM trace's longest open forget gate. */
const forgetRun = (s: PlaygroundState) => {
  const f = s.traces.lstm;
  return f && !f.partial ? longestOpen(f.trace, 'f', KEEP.above) : null;
};

export const lstm: Chapter = {
  id: 'lstm',
  number: 5,
  setup: { preset: 'memory', model: { cell: 'lstm', hiddenSize: 16, peephole: false }, train: { batchSize: 8, seed: 1 } },
  panel: 'inside',
  equation:
    '\\begin{aligned} f_t &= \\sigma(W_{if}x_t + W_{hf}h_{t-1} + b_f) \\\\ i_t &= \\sigma(W_{ii}x_t + W_{hi}h_{t-1} + b_i) \\\\ g_t &= \\tanh(W_{ig}x_t + W_{hg}h_{t-1} + b_g) \\\\ o_t &= \\sigma(W_{io}x_t + W_{ho}h_{t-1} + b_o) \\\\ c_t &= f_t \\odot c_{t-1} + i_t \\odot g_t \\\\ h_t &= o_t \\odot \\tanh(c_t) \\end{aligned}',
  figure: 'gate-valve',
  check: {
    seen: (s) => (forgetRun(s)?.steps ?? 0) >= KEEP.steps,
    values: (s) => {
      const r = forgetRun(s);
      return { steps: r?.steps ?? 0, unit: r && r.steps > 0 ? r.unit + 1 : '–', min: r && r.steps > 0 ? r.min.toFixed(3) : '–' };
    },
  },
};
