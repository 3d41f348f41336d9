// The typed message protocol between the page and the training worker. The worker owns the
// backends (one per run, all on one device) and the loop; the page sends commands and receives
// batched metrics, never one message per step.
import type { BackendKind } from '../backend/types.ts';
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import type { SampleOptions } from '../model/sample.ts';

export interface MetricPoint {
  step: number;
  loss: number;
  gradNorm: number;
  clipped: boolean;
  /** Seconds this run has spent training (paused time excluded). */
  seconds: number;
}

export interface RunSpec {
  id: string;
  model: ModelConfig;
}

export interface RunReady {
  id: string;
  backend: BackendKind;
  adapter: string;
  vocabSize: number;
  parameters: number;
}

export type ToWorker =
  /** Builds one backend per run on the same text and training settings (replacing any before). */
  | { type: 'init'; runs: RunSpec[]; train: TrainConfig; text: string }
  | { type: 'start' }
  | { type: 'pause' }
  /** Exactly one update of every run. */
  | { type: 'step' }
  | { type: 'update'; patch: Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue'>> }
  | { type: 'sample'; id: number; runId: string; opts: SampleOptions };

export type FromWorker =
  | { type: 'ready'; runs: RunReady[]; fallbackReason: string | null }
  | { type: 'metrics'; runs: { id: string; points: MetricPoint[]; charsPerSec: number }[] }
  | { type: 'running'; running: boolean }
  /** A run's loss became NaN or infinite at `step`: training paused and the run's parameters went
   *  back to those of `restoredStep`, the last known to give a finite loss. */
  | { type: 'diverged'; runId: string; step: number; restoredStep: number }
  | { type: 'sample'; id: number; text: string }
  /** A problem with a field (ConfigError) or a failure; `field` names the setting to fix. */
  | { type: 'error'; message: string; field: string | null };
