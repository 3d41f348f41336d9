// The typed message protocol between the page and the training worker. The worker owns the
// backend and the loop; the page sends commands and receives batched metrics, never per step.
import type { BackendKind } from '../backend/types.ts';
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import type { SampleOptions } from '../model/sample.ts';

export interface MetricPoint {
  step: number;
  loss: number;
  gradNorm: number;
  clipped: boolean;
  /** Seconds since the run started training (paused time excluded). */
  seconds: number;
}

export type ToWorker =
  | { type: 'init'; model: ModelConfig; train: TrainConfig; text: string }
  | { type: 'start' }
  | { type: 'pause' }
  /** Exactly one update. */
  | { type: 'step' }
  | { type: 'update'; patch: Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue'>> }
  | { type: 'sample'; id: number; opts: SampleOptions };

export type FromWorker =
  | { type: 'ready'; backend: BackendKind; adapter: string; fallbackReason: string | null; vocabSize: number; parameters: number }
  | { type: 'metrics'; points: MetricPoint[]; charsPerSec: number }
  | { type: 'running'; running: boolean; reason?: string }
  | { type: 'sample'; id: number; text: string }
  /** A problem with a field (ConfigError) or a failure; `field` names the setting to fix. */
  | { type: 'error'; message: string; field: string | null };
