// How long the rest of a sweep will take. The difficulties run in order and a step costs about as
// much as its sequences are long, so the time left is the work left (steps times sequence length)
// at the pace of the difficulty in progress, measured from its first round on (its networks are
// built by then, so their building does not count as pace); before that pace is known, at the pace
// of everything so far. Counting steps alone would promise the long end of a sweep far too soon.
import { memoryLength } from '../model/memory-tasks.ts';
import { sweepKnob, type SweepSpec } from '../model/sweep.ts';

export class SweepClock {
  private readonly lengths: number[];
  private readonly perValue: number;
  /** Steps of a few rounds (a round: one step of each cell): enough to measure a pace on. */
  private readonly few: number;
  /** The difficulty in progress: its index, and the steps done and the time at its first round. */
  private mark: { index: number; done: number; at: number } | null = null;

  /** `start`: when the sweep started, in ms (performance.now()). */
  constructor(spec: SweepSpec, private readonly start: number) {
    const knob = sweepKnob(spec.memory.task);
    this.lengths = spec.values.map((value) => memoryLength({ ...spec.memory, [knob]: value }));
    this.perValue = spec.cells.length * spec.steps;
    this.few = 3 * spec.cells.length;
  }

  /** Work (steps times sequence length) of the first `done` steps, or of all after them. */
  private work(done: number, after: boolean): number {
    return this.lengths.reduce((sum, T, i) => {
      const here = Math.min(this.perValue, Math.max(0, done - i * this.perValue));
      return sum + (after ? this.perValue - here : here) * T;
    }, 0);
  }

  /** Seconds left once `done` steps are done at `now` (ms), told after every round; null before any. */
  secondsLeft(done: number, now: number): number | null {
    if (done <= 0) return null;
    const index = Math.floor((done - 1) / this.perValue);
    if (this.mark?.index !== index) this.mark = { index, done, at: now };
    const steps = done - this.mark.done;
    // ms per unit of work: this difficulty's own from a few rounds on, else the whole sweep's so far
    const pace = steps >= this.few ? (now - this.mark.at) / (steps * this.lengths[index]!) : (now - this.start) / this.work(done, false);
    return (pace * this.work(done, true)) / 1000;
  }
}
