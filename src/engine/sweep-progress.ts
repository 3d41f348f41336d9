// How long the rest of a sweep will take, from the time its steps so far took. The difficulties run
// in order and a step costs about as much as its sequences are long, so each step is weighted by
// its sequence length: counting steps alone would promise the long end of a sweep far too soon.
import { memoryLength } from '../model/memory-tasks.ts';
import { sweepKnob, type SweepSpec } from '../model/sweep.ts';

/** Seconds left after `done` of the sweep's steps took `elapsed` seconds (null before any). */
export function secondsLeft(spec: SweepSpec, done: number, elapsed: number): number | null {
  const knob = sweepKnob(spec.memory.task);
  const perValue = spec.cells.length * spec.steps;
  let work = 0;
  let all = 0;
  spec.values.forEach((value, i) => {
    const T = memoryLength({ ...spec.memory, [knob]: value });
    all += perValue * T;
    work += Math.min(perValue, Math.max(0, done - i * perValue)) * T;
  });
  return work > 0 && elapsed > 0 ? (elapsed * (all - work)) / work : null;
}
