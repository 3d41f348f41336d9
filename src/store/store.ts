// UI state (zustand): the settings the person edits, the runs the worker reports on, kept runs,
// and chart options. No model objects or GPU handles live here; actions.ts talks to the worker.
import { create } from 'zustand';
import { CELLS } from '../model/cells/registry.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type CellKind, type ModelConfig, type Problem, type TrainConfig } from '../model/config.ts';
import type { MetricPoint, RunReady } from '../engine/protocol.ts';
import type { TaskSummary } from '../model/task-summary.ts';
import type { TaskMode } from '../model/tasks.ts';
import type { LossAt } from '../model/trace.ts';
import { preferredLang, type Lang } from './lang.ts';
import { DEFAULT_PRESET, PRESETS } from '../ui/presets.ts';
import type { StepperView } from './stepper.ts';

export type RunStatus = 'idle' | 'preparing' | 'ready' | 'training' | 'error';

/** A classifier's accuracy and mean loss on the held-out split at one step. */
export interface EvalPoint {
  step: number;
  seconds: number;
  accuracy: number;
  loss: number;
}

export interface RunView {
  /** The cell kind: runs of one session differ by cell. */
  id: CellKind;
  label: string;
  model: ModelConfig;
  points: MetricPoint[];
  charsPerSec: number;
  info: RunReady | null;
  /** The file the model was imported from, or null for a run trained from scratch here. */
  source: string | null;
  /** A classifier's held-out evaluations, and its latest label for each shown held-out sentence. */
  evals: EvalPoint[];
  predicted: Int32Array | null;
}

/** The task the text makes in the current mode (line or classification), once the text worker has
 *  read it; null in next-character mode, while it reads, or when the text makes none. */
export function currentTask(s: Pick<PlaygroundState, 'mode' | 'textStats'>): Exclude<TaskSummary, { problem: unknown } | { mode: 'lm' }> | null {
  const task = s.textStats?.task;
  return task && task.mode === s.mode && task.mode !== 'lm' && !('problem' in task) ? task : null;
}

/** A run's row before the worker has reported on it. */
export function runView(id: CellKind, model: ModelConfig, source: string | null = null): RunView {
  return { id, label: CELLS[id].label, model, points: [], charsPerSec: 0, info: null, source, evals: [], predicted: null };
}

export interface InspectSettings {
  /** Next-character mode: the window's first code point and its time steps. */
  offset: number;
  length: number;
  /** Line and classification modes: which of the task's first sequences is the window. */
  sequence: number;
  lossAt: LossAt;
  weights: boolean;
}

export interface KeptRun {
  id: string;
  name: string;
  cell: CellKind;
  points: MetricPoint[];
  /** A classifier's held-out evaluations. */
  evals?: EvalPoint[];
  /** Step of the model stored with it in IndexedDB (src/io/checkpoints.ts), once saved. */
  checkpointStep?: number;
}

export interface ChartOptions {
  x: 'step' | 'seconds';
  /** Accuracy (held out) only in classification mode. */
  y: 'loss' | 'bpc' | 'accuracy';
  smoothed: boolean;
  /** Series ids the legend has hidden. */
  hidden: string[];
}

export interface PlaygroundState {
  text: string;
  /** The task: next character over the text, one sequence per line, or labelled sentences. */
  mode: TaskMode;
  /** The text as the text worker reads it in this mode (src/store/text-stats.ts); null at first. */
  textStats: { chars: number; vocab: number; task: TaskSummary } | null;
  /** Classification: the sentence typed into the prediction box and the first run's answer. */
  predict: { text: string; result: { step: number; probs: Float32Array | null; unknown: number } | null };
  model: ModelConfig;
  train: TrainConfig;
  status: RunStatus;
  /** The runs of the current session: one, or RNN, LSTM and GRU side by side. */
  runs: RunView[];
  kept: KeptRun[];
  fallbackReason: string | null;
  /** The last problem, shown where the person is looking; `field` names the control. */
  error: { message: string; field: string | null; problem?: Problem | null; diverged?: { name: string; step: number; restored: number } } | null;
  sample: string;
  /** The update whose parameters wrote `sample`. */
  sampleStep: number;
  /** Settings changed since the runs were built (shapes): the next Train rebuilds them. */
  stale: boolean;
  chart: ChartOptions;
  /** What the sample panel asks for (the seed advances with every request). */
  sampleOptions: { prime: string; length: number; temperature: number; topK: number };
  lang: Lang;
  /** Set when a pasted text was longer than MAX_TEXT_UNITS and only its start was kept. */
  textNotice: { kept: number; total: number } | null;
  /** What the inspection panels trace: the window of the training text (first code point, time
   *  steps), which loss the gradients are of, and whether the weights come along (heatmaps shown). */
  inspect: InspectSettings;
  /** The first run's probability of each next character over an excerpt of the text (from the
   *  inspected window's start), refreshed while it trains. */
  tint: { runId: string; step: number; symbols: string[]; probs: Float32Array } | null;
  /** Step mode over the inspected window (src/store/stepper.ts), or null when it is closed. */
  stepper: StepperView | null;
  stepperPlaying: boolean;
  /** A model file is being read by the worker. */
  importing: boolean;
  /** The runs are an imported model; `unknown` characters of the text are not in its vocabulary. */
  importNotice: { fileName: string; unknown: number } | null;
}

/** The longest training text kept, in UTF-16 units (about 5 MB of text). */
export const MAX_TEXT_UNITS = 5_000_000;

export const useStore = create<PlaygroundState>(() => ({
  text: PRESETS[DEFAULT_PRESET].text,
  mode: PRESETS[DEFAULT_PRESET].mode ?? 'lm',
  textStats: null,
  predict: { text: '', result: null },
  model: { ...DEFAULT_MODEL, ...PRESETS[DEFAULT_PRESET].model },
  train: { ...DEFAULT_TRAIN, ...PRESETS[DEFAULT_PRESET].train },
  status: 'idle',
  runs: [],
  kept: [],
  fallbackReason: null,
  error: null,
  sample: '',
  sampleStep: 0,
  stale: true,
  chart: { x: 'step', y: 'loss', smoothed: true, hidden: [] },
  sampleOptions: { prime: '', length: 200, temperature: 0.8, topK: 0 },
  lang: preferredLang(typeof navigator === 'undefined' ? [] : navigator.languages),
  textNotice: null,
  importing: false,
  importNotice: null,
  inspect: { offset: 0, length: 16, sequence: 0, lossAt: 'all', weights: false },
  tint: null,
  stepper: null,
  stepperPlaying: false,
}));
