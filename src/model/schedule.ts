// Learning-rate schedules (the kinds of config.ts Schedule): the rate applied at each update, as
// the CPU reference, the GPU's optimizer uniforms and the page's small schedule chart read it.
//   constant       lr
//   warmup-cosine  lr * (t + 1) / W                                   for t < W (W = warmupSteps)
//                  lr * (m + (1 - m) * (1 + cos(pi * p)) / 2)         after, p = min(1, (t - W) / (D - W))
//                  (m = minFactor, D = decaySteps: the rate is m * lr from update D on)
//   step           lr * stepFactor^floor(t / stepEvery)                (PyTorch's StepLR)
// t counts the updates before this one (0 for the first), so a run resumed at step t continues
// the schedule where it was. The CPU reference counts the updates applied; the GPU, which cannot
// know before a step whether its loss will be finite, counts the steps taken: the two differ only
// after a step whose update was skipped (which pauses the page's run and ends the CLI's).
import type { Schedule } from './config.ts';

/** The learning rate of update `t` (0-based: the number of updates already applied). */
export function learningRateAt(schedule: Schedule, baseLr: number, t: number): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'warmup-cosine': {
      const { warmupSteps: w, decaySteps: d, minFactor: m } = schedule;
      if (t < w) return (baseLr * (t + 1)) / w;
      const p = Math.min(1, (t - w) / Math.max(1, d - w));
      return baseLr * (m + ((1 - m) * (1 + Math.cos(Math.PI * p))) / 2);
    }
    case 'step':
      return baseLr * schedule.stepFactor ** Math.floor(t / schedule.stepEvery);
  }
}

/** `count` points of the schedule over updates 0 .. steps - 1, for a chart: [t, lr] pairs. */
export function scheduleCurve(schedule: Schedule, baseLr: number, steps: number, count = 100): [number, number][] {
  const n = Math.max(2, Math.min(count, steps));
  return Array.from({ length: n }, (_, i) => {
    const t = Math.round((i * (steps - 1)) / (n - 1));
    return [t, learningRateAt(schedule, baseLr, t)];
  });
}
