// A sweep's points as CSV, one row per (cell, difficulty): what the page downloads and
// `rnn-playground sweep --csv` prints. The difficulty column is named after the task's knob.
import type { SweepPoint } from '../model/sweep.ts';

export function sweepCsv(points: readonly SweepPoint[]): string {
  const knob = points[0]?.knob ?? 'delay';
  const rows = points.map((p) => [p.task, p.cell, p.value, p.steps, p.loss, p.accuracy, p.chance].join(','));
  return [`task,cell,${knob},steps,loss_nats,accuracy,chance`, ...rows].join('\n') + '\n';
}
