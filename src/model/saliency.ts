// Which inputs a prediction used (RNNbow, Cashman et al. 2017): for the prediction at step t, how
// large the gradient of step t's loss alone is with respect to each earlier input — here the
// column of W_ih that input s selects (its one-hot picks one), i.e. ∂L_t/∂(W_ih x_s + b_ih), in
// the first layer, both directions together. Read from a trace whose loss is step t's
// (lossTargets' { step }); the GPU's and the reference's traces give the same numbers.
import type { Trace } from './trace.ts';

/** ‖∂L_t/∂x_s‖ for every step s of a trace of step t's loss: (T), layer 0's directions summed in
 *  squares. Zero after t in a one-way network (later inputs cannot reach back). */
export function inputSaliency(trace: Trace): Float32Array {
  const out = new Float32Array(trace.T);
  for (const dir of trace.layers[0] ?? []) for (let s = 0; s < trace.T; s++) out[s] = out[s]! + dir.dxNorm[s]! ** 2;
  return out.map(Math.sqrt);
}

/** The step a saliency view reads: `asked` when it has a target (a prediction to explain), else
 *  the last step that has one; -1 when none has. */
export function saliencyStep(targets: Int32Array, asked: number | null): number {
  if (asked !== null && asked >= 0 && asked < targets.length && targets[asked]! >= 0) return asked;
  return targets.findLastIndex((y) => y >= 0);
}

/**
 * How far back the prediction at `at` reaches, in the row's own terms, over the inputs up to it:
 * the largest gradient and where it lies (`peak`), and the earliest input whose gradient is at
 * least `share` of it, as a number of steps before `at` (0: only the input at `at` itself).
 * Null for a row of zeros.
 */
export function saliencyReach(norms: ArrayLike<number>, at: number, share = 0.01): { steps: number; max: number; peak: number } | null {
  let peak = 0;
  for (let s = 0; s <= at; s++) if (norms[s]! > norms[peak]!) peak = s;
  const max = norms[peak]!;
  if (!(max > 0)) return null;
  let first = at;
  for (let s = 0; s <= at; s++) {
    if (norms[s]! >= share * max) {
      first = s;
      break;
    }
  }
  return { steps: at - first, max, peak };
}
