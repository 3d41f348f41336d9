// A run's loss history: its points (what the worker posts and the page keeps), and as CSV, one
// row per recorded step, with bits per character alongside nats.
import { bitsPerChar } from '../model/loss.ts';

export interface MetricPoint {
  step: number;
  loss: number;
  gradNorm: number;
  clipped: boolean;
  /** Seconds this run has spent training (paused time excluded). */
  seconds: number;
}

export const LOSS_CSV_HEADER = 'step,seconds,loss_nats,bits_per_char,grad_norm,clipped';

export function lossCsv(points: readonly MetricPoint[]): string {
  const rows = points.map((p) => [p.step, p.seconds.toFixed(3), p.loss, bitsPerChar(p.loss), p.gradNorm, p.clipped ? 1 : 0].join(','));
  return [LOSS_CSV_HEADER, ...rows].join('\n') + '\n';
}
