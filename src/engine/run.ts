// One training run inside the worker: its backend, its metrics not yet posted, its known-good
// parameters, the helpers that turn it into a model file or a step count, and what counts as
// diverging (a loss that is not finite, or one that climbs far above where it started).
import type { Backend, ValidationRun } from '../backend/types.ts';
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import type { TrainingState } from '../model/resume.ts';
import type { MemoryConfig } from '../model/memory-tasks.ts';
import type { SequenceTask, TaskMode } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import type { Vocab } from '../model/vocab.ts';
import { writeModelFile } from '../io/safetensors.ts';
import type { Checkpoint } from '../io/checkpoints.ts';
import type { MetricPoint } from '../io/loss-csv.ts';
import { RESUME_EVERY_MS } from './protocol.ts';

export interface Run {
  id: string;
  model: ModelConfig;
  backend: Backend;
  pending: MetricPoint[];
  lastStep: number;
  trainedMs: number;
  recentMs: number;
  recentSteps: number;
  /** Parameters known to give a finite loss (confirmed by a later step), restored on divergence. */
  good: { step: number; params: Float32Array };
  /** Parameters taken at `step`, promoted to `good` once a later step's loss is finite. */
  candidate: { step: number; params: Float32Array } | null;
  vocab: Vocab;
  /** Steps taken before this backend took over (after a fallback to the CPU): added to its counts. */
  stepOffset: number;
  /** When `good` was last posted as a checkpoint (ms), and its step then. */
  checkpointAt: number;
  checkpointStep: number;
  /** The task it learns: its mode, and a classifier's labels (empty otherwise), a memory task's knobs. */
  mode: TaskMode;
  memory?: MemoryConfig;
  labels: string[];
  /** A classifier's last held-out evaluation: when (ms) and at which step. */
  evaluatedAt: number;
  evaluatedStep: number;
  /** When the next validation loss is due (ms), and the step of the last (held-out.ts). */
  validatedAt: number;
  validatedStep: number;
  /** The evaluation under way: at which step it opened, and the ms it has taken so far. */
  validation: { v: ValidationRun; step: number; ms: number } | null;
  /** When its resumable state is next due (ms; engine/resume.ts): the first RESUME_EVERY_MS after it is built. */
  resumeDueAt: number;
  /** The loss of its first recorded step (NaN before): a loss far above it is a divergence too. */
  startLoss: number;
}

/** A loss this many times its starting loss (and CLIMB_NATS above it) means the run is diverging:
 *  a relu RNN at learning rate 0.5 without clipping went from 4 nats to 58 while still finite. */
export const CLIMB_FACTOR = 3;
export const CLIMB_NATS = 4;

/** True when a finite `loss` has climbed far above the run's starting loss `start`. A model that
 *  starts from its initialisation predicts about uniformly (ln V nats); training lowers that, so a
 *  loss at three times the start has left anything training would do. */
export function climbed(start: number, loss: number): boolean {
  return Number.isFinite(start) && Number.isFinite(loss) && loss > Math.max(CLIMB_FACTOR * start, start + CLIMB_NATS);
}

/** A fresh run around a backend that has been initialised, for `task` (next character: its mode alone). */
export function newRun(id: string, model: ModelConfig, backend: Backend, params: Float32Array, task: SequenceTask | { mode: TaskMode }): Run {
  const labels = 'labels' in task ? task.labels : [];
  const memory = 'config' in task ? { memory: task.config } : {};
  return {
    id, model, backend, vocab: backend.vocab, pending: [], lastStep: 0, trainedMs: 0, recentMs: 0, recentSteps: 0, good: { step: 0, params }, candidate: null,
    checkpointAt: 0, checkpointStep: -1, stepOffset: 0, mode: task.mode, labels, ...memory, evaluatedAt: 0, evaluatedStep: -1, validatedAt: 0, validatedStep: -1, validation: null, resumeDueAt: performance.now() + RESUME_EVERY_MS, startLoss: NaN,
  };
}

/** The run's model at `step` as a model file, with how it was trained (`train`) in its metadata;
 *  with `state`, a checkpoint that continues it (src/io/run-state.ts). */
export function checkpointOf(run: Run, step: number, params: Float32Array, train: TrainConfig, state?: TrainingState): Checkpoint {
  const file = writeModelFile({ model: run.model, vocab: run.vocab, params, mode: run.mode, labels: run.labels, memory: run.memory, training: { step, train }, ...(state ? { state } : {}) });
  return { step, bytes: file.buffer };
}

/** A backend's result in the run's step count. */
export const counted = (run: Run, r: StepResult): StepResult => ({ ...r, step: r.step + run.stepOffset, lossStep: r.lossStep + run.stepOffset });

/** Thrown out of the loop when a run's loss is not finite (its update was skipped), or when it
 *  has climbed far above its starting loss (`climb`: that loss and the start). */
export class Diverged extends Error {
  constructor(
    readonly runId: string,
    readonly step: number,
    readonly climb: { loss: number; start: number } | null = null,
  ) {
    super(`run ${runId} diverged at step ${step}`);
  }
}
