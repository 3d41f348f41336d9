// The sweep's runner (the sweep itself: src/model/sweep.ts): the cells of one difficulty train
// interleaved, step by step, then the next difficulty; each point's final accuracy is the mean
// over its last FINAL_STEPS steps' accuracy, each on a fresh batch before its update. A point is
// reported as soon as it is done, so a cancelled sweep keeps the points it finished. Shared by the
// worker (the page's sweep) and the CLI (`rnn-playground sweep`), on either backend.
import type { Backend } from '../backend/types.ts';
import type { CellKind } from '../model/cells/registry.ts';
import { chanceLevel } from '../model/memory-tasks.ts';
import { FINAL_STEPS, sweepErrors, sweepKnob, type SweepPoint, type SweepSpec } from '../model/sweep.ts';
import { memoryTask } from '../model/tasks.ts';

export interface SweepHooks {
  /** A point is done. */
  point(p: SweepPoint): void;
  /** Steps done of all, after every round of steps. */
  progress?(done: number, total: number): void;
  /** Asked between rounds: true stops the sweep (the points done are kept). */
  cancelled?(): boolean;
  /** Awaited between rounds: lets the worker answer its messages. */
  breathe?(): Promise<void>;
}

/** Runs the sweep; returns the points it finished (all of them unless cancelled). Backends come
 *  from `newBackend` and are disposed when their point is done. Throws sweepErrors' first. */
export async function runSweep(spec: SweepSpec, newBackend: () => Backend, hooks: SweepHooks): Promise<SweepPoint[]> {
  const invalid = sweepErrors(spec)[0];
  if (invalid) throw invalid;
  const knob = sweepKnob(spec.memory.task);
  const total = spec.values.length * spec.cells.length * spec.steps;
  const points: SweepPoint[] = [];
  let done = 0;
  for (const value of spec.values) {
    const memory = { ...spec.memory, [knob]: value };
    const task = memoryTask(memory);
    const runs: { cell: CellKind; backend: Backend; loss: number[]; accuracy: number[] }[] = [];
    try {
      for (const cell of spec.cells) {
        const backend = newBackend();
        runs.push({ cell, backend, loss: [], accuracy: [] });
        await backend.init({ model: { ...spec.model, cell }, train: spec.train, text: '', task });
      }
      for (let step = 1; step <= spec.steps; step++) {
        for (const run of runs) {
          await run.backend.trainStep();
          if (step > spec.steps - FINAL_STEPS) {
            const r = await run.backend.flush(); // this step's own stats
            if (r.finite && r.accuracy !== undefined) {
              run.loss.push(r.loss);
              run.accuracy.push(r.accuracy);
            }
          }
        }
        done += runs.length;
        hooks.progress?.(done, total);
        await hooks.breathe?.();
        if (hooks.cancelled?.()) return points;
      }
      for (const run of runs) {
        const p: SweepPoint = { task: memory.task, cell: run.cell, knob, value, steps: spec.steps, loss: mean(run.loss), accuracy: mean(run.accuracy), chance: chanceLevel(memory) };
        points.push(p);
        hooks.point(p);
      }
    } finally {
      for (const run of runs) run.backend.dispose();
    }
  }
  return points;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
