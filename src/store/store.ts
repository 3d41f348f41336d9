// UI state (zustand): the settings the person edits, and what the worker reported about the run.
// No model objects or GPU handles live here; actions.ts talks to the worker.
import { create } from 'zustand';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig, type TrainConfig } from '../model/config.ts';
import type { BackendKind } from '../backend/types.ts';
import type { MetricPoint } from '../engine/protocol.ts';
import { DEFAULT_PRESET, PRESETS } from '../ui/presets.ts';

export type RunStatus = 'idle' | 'preparing' | 'ready' | 'training' | 'error';

export interface RunInfo {
  backend: BackendKind;
  adapter: string;
  fallbackReason: string | null;
  vocabSize: number;
  parameters: number;
}

export interface PlaygroundState {
  text: string;
  model: ModelConfig;
  train: TrainConfig;
  status: RunStatus;
  info: RunInfo | null;
  points: MetricPoint[];
  charsPerSec: number;
  /** The last problem, shown where the person is looking; `field` names the control. */
  error: { message: string; field: string | null } | null;
  sample: string;
  /** Settings changed since the run was built (shapes): the next Train rebuilds it. */
  stale: boolean;
}

export const useStore = create<PlaygroundState>(() => ({
  text: PRESETS[DEFAULT_PRESET].text,
  model: { ...DEFAULT_MODEL, ...PRESETS[DEFAULT_PRESET].model },
  train: { ...DEFAULT_TRAIN, ...PRESETS[DEFAULT_PRESET].train },
  status: 'idle',
  info: null,
  points: [],
  charsPerSec: 0,
  error: null,
  sample: '',
  stale: true,
}));
