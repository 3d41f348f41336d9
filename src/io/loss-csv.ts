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

export const LOSS_CSV_HEADER = 'step,seconds,loss_nats,bits_per_char,grad_norm,clipped,val_loss_nats';

/** The CSV of a run's points: the validation loss on the held-out part where the run was evaluated
 *  (empty elsewhere, and for a run without one); a memory task's has an accuracy column. */
export function lossCsv(points: readonly MetricPoint[]): string {
  const accuracy = points.some((p) => p.accuracy !== undefined);
  const rows = points.map((p) => [p.step, p.seconds.toFixed(3), p.loss, bitsPerChar(p.loss), p.gradNorm, p.clipped ? 1 : 0, p.valLoss ?? '', ...(accuracy ? [p.accuracy ?? ''] : [])].join(','));
  return [LOSS_CSV_HEADER + (accuracy ? ',accuracy' : ''), ...rows].join('\n') + '\n';
}

/** One drawn curve of the chart, as its CSV has it: the run, which loss, and each point's x, its
 *  value as smoothed and as measured. */
export interface ChartCurveData {
  run: string;
  curve: 'train' | 'validation' | 'accuracy';
  points: readonly { x: number; y: number; raw: number }[];
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The chart's visible curves as CSV, one row per point: run, curve, x (named `xName`: step,
 *  seconds or chars), the value (named `yName`) as smoothed and as measured. */
export function chartCsv(curves: readonly ChartCurveData[], xName: string, yName: string): string {
  const rows = curves.flatMap((c) => c.points.map((p) => [csvField(c.run), c.curve, p.x, p.y, p.raw].join(',')));
  return [`run,curve,${xName},${yName}_smoothed,${yName}`, ...rows].join('\n') + '\n';
}
