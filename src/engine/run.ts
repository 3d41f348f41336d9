// One training run inside the worker: its backend, its metrics not yet posted, its known-good
// parameters, and the helpers that turn it into a model file or a step count.
import type { Backend } from '../backend/types.ts';
import type { ModelConfig } from '../model/config.ts';
import type { TaskMode } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import type { Vocab } from '../model/vocab.ts';
import { writeModelFile } from '../io/safetensors.ts';
import type { Checkpoint } from '../io/checkpoints.ts';
import type { MetricPoint } from '../io/loss-csv.ts';

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
  /** The task it learns: its mode, and a classifier's labels (empty otherwise). */
  mode: TaskMode;
  labels: string[];
  /** A classifier's last held-out evaluation: when (ms) and at which step. */
  evaluatedAt: number;
  evaluatedStep: number;
}

/** A fresh run around a backend that has been initialised, for a task of `mode` (with `labels`). */
export function newRun(id: string, model: ModelConfig, backend: Backend, params: Float32Array, mode: TaskMode, labels: string[]): Run {
  return {
    id, model, backend, vocab: backend.vocab, pending: [], lastStep: 0, trainedMs: 0, recentMs: 0, recentSteps: 0, good: { step: 0, params }, candidate: null,
    checkpointAt: 0, checkpointStep: -1, stepOffset: 0, mode, labels, evaluatedAt: 0, evaluatedStep: -1,
  };
}

export function checkpointOf(run: Run, step: number, params: Float32Array): Checkpoint {
  return { step, bytes: writeModelFile({ model: run.model, vocab: run.vocab, params, mode: run.mode, labels: run.labels }).buffer };
}

/** A backend's result in the run's step count. */
export const counted = (run: Run, r: StepResult): StepResult => ({ ...r, step: r.step + run.stepOffset, lossStep: r.lossStep + run.stepOffset });
