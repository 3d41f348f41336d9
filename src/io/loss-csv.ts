// A run's loss history: its points (what the worker posts and the page keeps), and as CSV, one
// row per recorded step, with bits per character alongside nats (and a memory task's accuracy).
import { bitsPerChar } from '../model/loss.ts';

export interface MetricPoint {
  step: number;
  loss: number;
  gradNorm: number;
  clipped: boolean;
  /** Seconds this run has spent training (paused time excluded). */
  seconds: number;
  /** A memory task's accuracy on the step's fresh batch (StepResult.accuracy). */
  accuracy?: number;
  /** Mean loss (nats) over the whole held-out part at this step, when it was evaluated here
   *  (src/model/validation.ts); absent at steps without an evaluation and without a held-out part. */
  valLoss?: number;
}

export const LOSS_CSV_HEADER = 'step,seconds,loss_nats,bits_per_char,grad_norm,clipped';

/** The CSV of a run's points; a memory task's has an accuracy column. */
export function lossCsv(points: readonly MetricPoint[]): string {
  const accuracy = points.some((p) => p.accuracy !== undefined);
  const rows = points.map((p) => [p.step, p.seconds.toFixed(3), p.loss, bitsPerChar(p.loss), p.gradNorm, p.clipped ? 1 : 0, ...(accuracy ? [p.accuracy ?? ''] : [])].join(','));
  return [LOSS_CSV_HEADER + (accuracy ? ',accuracy' : ''), ...rows].join('\n') + '\n';
}
