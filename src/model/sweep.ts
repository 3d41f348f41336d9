// The sweep, "where does each cell break?", as data: for one memory task, every cell at every
// difficulty (the task's difficulty knob: delay, length or depth), trained from the same seed for
// the same number of steps; each point is the final accuracy beside the task's chance level. Its
// defaults, its checks and its points; the runner is src/engine/sweep.ts.
import type { CellKind } from './cells/registry.ts';
import { ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN, problem, type ModelConfig, type TrainConfig } from './config.ts';
import { MEMORY_TASKS, memoryConfigErrors, type MemoryConfig, type MemoryKind } from './memory-tasks.ts';

/** Steps at the end whose accuracies make a point's final accuracy. */
export const FINAL_STEPS = 20;
/** Most difficulties one sweep takes. */
export const MAX_SWEEP_VALUES = 12;

/** The model and training of the default sweep (the page's and the CLI's): each task's default
 *  sweep takes up to about two minutes on a real GPU (bench/NOTES.md, "Memory-task sweeps"). */
export const SWEEP_DEFAULTS = {
  cells: ['rnn', 'lstm', 'gru'] as CellKind[],
  steps: 2500,
  model: { ...DEFAULT_MODEL, hiddenSize: 32 } satisfies ModelConfig,
  train: { ...DEFAULT_TRAIN, batchSize: 32, learningRate: 0.005 } satisfies TrainConfig,
};

export interface SweepSpec {
  /** The task and its other knobs; the difficulty knob takes each of `values`. */
  memory: MemoryConfig;
  values: number[];
  cells: CellKind[];
  /** The network of every point (its cell replaced by each of `cells`). */
  model: ModelConfig;
  train: TrainConfig;
  steps: number;
}

export interface SweepPoint {
  task: MemoryKind;
  cell: CellKind;
  /** The difficulty knob and its value at this point. */
  knob: 'delay' | 'length' | 'depth';
  value: number;
  steps: number;
  /** Mean loss and accuracy over the last FINAL_STEPS steps (NaN: every one of them diverged). */
  loss: number;
  accuracy: number;
  chance: number;
}

/** The knob a sweep of `task` varies. */
export const sweepKnob = (task: MemoryKind) => MEMORY_TASKS[task].difficulty;

/** Every problem with a sweep: its difficulties (each a valid task: the knob named), cells and steps. */
export function sweepErrors(spec: SweepSpec): ConfigError[] {
  const knob = sweepKnob(spec.memory.task);
  const errors: ConfigError[] = [];
  if (spec.values.length === 0 || spec.values.length > MAX_SWEEP_VALUES) {
    errors.push(new ConfigError('sweepValues', `a sweep takes 1 to ${MAX_SWEEP_VALUES} values of ${knob} (got ${spec.values.length})`, problem('range', { min: 1, max: MAX_SWEEP_VALUES, got: spec.values.length })));
  }
  for (const value of spec.values) {
    const first = memoryConfigErrors({ ...spec.memory, [knob]: value })[0];
    // the problem's params name the value, so a page can say which of the list is at fault
    if (first) errors.push(new ConfigError('sweepValues', `${knob} ${value}: ${first.message}`, first.problem && { ...first.problem, params: { ...first.problem.params, value } }));
  }
  if (spec.cells.length === 0) errors.push(new ConfigError('sweepCells', 'a sweep needs at least one cell', problem('required')));
  if (!Number.isInteger(spec.steps) || spec.steps < FINAL_STEPS || spec.steps > 100_000) {
    errors.push(new ConfigError('sweepSteps', `steps must be a whole number from ${FINAL_STEPS} to 100000 (got ${spec.steps})`, problem('range', { min: FINAL_STEPS, max: 100_000, got: spec.steps })));
  }
  return errors;
}
