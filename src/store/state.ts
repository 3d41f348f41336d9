// The store's shape: each slice's state and actions (the slices in this folder implement them,
// src/store/store.ts puts them together), the views the panels draw, and pure helpers over them.
// No model objects or GPU handles: the worker owns those; the store keeps what the panels show.
import type { MemoryConfig } from '../model/memory-tasks.ts';
import type { StateCreator } from 'zustand';
import type { Answers, FromWorker, GpuReport, RunReady, ToWorker } from '../engine/protocol.ts';
import type { ChartCurveData, MetricPoint } from '../io/loss-csv.ts';
import type { ChartOptions, EvalPoint, KeptRun, SampleOptions, StoredProblem, SweepDraft, SweepResult } from '../io/stored-schema.ts';
import type { LessonProgress } from '../io/lesson-progress.ts';
import type { LinkProblem } from '../io/url-state.ts';
import type { TextFileProblem } from '../io/text-file.ts';
import type { StoredResume } from '../io/checkpoints.ts';
import { CELLS } from '../model/cells/registry.ts';
import type { CellKind, ModelConfig, Problem, TrainConfig } from '../model/config.ts';
import type { MemoryKind } from '../model/memory-tasks.ts';
import type { RunChange, RunConfig } from '../model/run-diff.ts';
import type { HeldOutSummary } from '../model/validation.ts';
import type { StepState, StepTick } from '../model/stepping.ts';
import type { TaskSummary } from '../model/task-summary.ts';
import type { TaskMode } from '../model/tasks.ts';
import type { Passage, UnitRef } from '../model/passage.ts';
import type { FeatureRanking } from '../model/unit-features.ts';
import type { LossAt } from '../model/trace.ts';
import type { Lang } from './lang.ts';
import type { PresetName } from './presets.ts';
import type { TraceFrame } from './traces.ts';

export type { ChartCurveData, TextFileProblem };
export type { Answers, ChartOptions, EvalPoint, KeptRun, LinkProblem, StoredProblem, SweepDraft, SweepResult };

export type RunStatus = 'idle' | 'preparing' | 'ready' | 'training' | 'error';

/** A worker message of one type. */
export type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export interface RunView {
  /** The cell kind: runs of one session differ by cell. */
  id: CellKind;
  /** Its name: the cell's, or what the person typed. */
  label: string;
  /** Its own colour (src/store/run-colors.ts). */
  color: string;
  /** What it trains with, and what changed against the run before it (null: the first run). */
  config: RunConfig | null;
  diff: RunChange[] | null;
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

/** A run's row before the worker has reported on it. */
export function runView(id: CellKind, model: ModelConfig, source: string | null = null, extra: Partial<Pick<RunView, 'color' | 'config' | 'diff'>> = {}): RunView {
  return { id, label: CELLS[id].label, color: CELLS[id].color, config: null, diff: null, model, points: [], charsPerSec: 0, info: null, source, evals: [], predicted: null, ...extra };
}

export interface InspectSettings {
  /** Next-character mode: the window's first code point and its time steps. */
  offset: number;
  length: number;
  /** Line and classification modes: which of the task's first sequences is the window. */
  sequence: number;
  lossAt: LossAt;
  weights: boolean;
  /** A what-if for the vanishing-gradient view: traces are computed (by the reference) with every
   *  W_hh multiplied by this factor; 1 = the trained weights. Training is never affected. */
  whhScale: number;
  /** The other what-if: added to every LSTM forget gate's bias (f ≈ 1 keeps c); 0 = trained. */
  forgetBias: number;
  /** The step whose prediction the saliency view explains (null: the window's last that has a target). */
  saliencyAt: number | null;
}

/** One row of the saliency view's strip: which inputs the prediction at `at` used, at update `step`. */
export interface SaliencyRow {
  step: number;
  at: number;
  norms: Float32Array;
}

export interface StepperView {
  runId: string;
  ticks: StepTick[];
  /** Vocabulary symbols by id. */
  symbols: readonly string[];
  /** The window's ids: T inputs and the final target (T + 1); a classifier's: the T inputs. */
  ids: Int32Array;
  /** A classifier's labels (its last tick outputs their probabilities); empty otherwise. */
  labels: readonly string[];
  /** A memory task's answers (-1 where nothing is asked): then every id is read, and these are
   *  the targets (absent: the next ids are). */
  targets?: Int32Array;
  vocabSize: number;
  states: StepState[];
  /** How many ticks are shown (0 = none yet). */
  shown: number;
  /** Backward mode (after the forward pass): how many time steps BPTT has walked back from the
   *  end (1 = the last step), or null in forward mode. The gradients come from the run's trace. */
  backward: number | null;
}

/** The time steps of step mode's window: a classifier and a memory task read every id, a
 *  next-character model all but the last (only a target). */
export const stepperT = (st: Pick<StepperView, 'ids' | 'labels' | 'targets'>): number => (st.labels.length > 0 || st.targets ? st.ids.length : st.ids.length - 1);

/** The status line: checking until the worker reports its GPU. */
export type GpuStatus = { kind: 'checking' } | GpuReport;

export interface ErrorView {
  message: string;
  /** The control to fix, or null. */
  field: string | null;
  problem?: Problem | null;
  /** A run diverged: its loss became NaN/infinite, or (`loss`, `start`) climbed far above its start. */
  diverged?: { name: string; step: number; restored: number; loss?: number; start?: number };
}

/** What the person edits (src/store/settings.ts). */
export interface SettingsSlice {
  text: string;
  /** The task: next character over the text, one sequence per line, labelled sentences, or a
   *  memory task (`memory`: its knobs, kept whatever the mode). */
  mode: TaskMode;
  memory: MemoryConfig;
  model: ModelConfig;
  train: TrainConfig;
  chart: ChartOptions;
  /** What the sample panel asks for (the seed advances with every request). */
  sampleOptions: SampleOptions;
  lang: Lang;
  /** What was not restored on load: saved values that did not fit (reset) and link values that
   *  were dropped; shown at the top of the page until dismissed. */
  restoreNotice: RestoreNotice | null;
  /** Set when a pasted text was longer than MAX_TEXT_UNITS and only its start was kept. */
  textNotice: { kept: number; total: number } | null;
  /** Why an opened text file was not taken (src/io/text-file.ts), shown at the text panel. */
  textFileError: TextFileProblem | null;
  /** Reads a text file (Open or dropped on the text panel) as the training text: UTF-8 only. */
  openTextFile: (file: File) => Promise<void>;
  /** Downloads the training text as a UTF-8 file. */
  downloadText: () => void;
  setText: (text: string) => void;
  setMode: (mode: TaskMode) => void;
  /** Another memory task (its defaults where `patch` names a task) or other knobs: shapes change. */
  setMemory: (patch: Partial<MemoryConfig>) => void;
  setModel: (patch: Partial<ModelConfig>) => void;
  setTrain: (patch: Partial<TrainConfig>) => void;
  applyPreset: (name: PresetName) => void;
  setChart: (patch: Partial<ChartOptions>) => void;
  toggleSeries: (id: string) => void;
  setLang: (lang: Lang) => void;
  setSampleOptions: (patch: Partial<SettingsSlice['sampleOptions']>) => void;
  dismissRestoreNotice: () => void;
}

export type RemovedRun = { kind: 'kept'; run: KeptRun; index: number } | { kind: 'session'; run: RunView; index: number };

export interface RestoreNotice {
  stored: StoredProblem[];
  link: LinkProblem[];
}

/** The runs the worker reports on, their samples and predictions (src/store/runs.ts). */
export interface RunsSlice {
  status: RunStatus;
  /** The runs of the current session: one, or RNN, LSTM and GRU side by side. */
  runs: RunView[];
  fallbackReason: string | null;
  /** The last problem, shown where the person is looking; `field` names the control. */
  error: ErrorView | null;
  sample: string;
  /** The update whose parameters wrote `sample`. */
  sampleStep: number;
  /** Settings changed since the runs were built (shapes): the next Train rebuilds them. */
  stale: boolean;
  /** Classification: the sentence typed into the prediction box and the first run's answer. */
  predict: { text: string; result: { step: number; probs: Float32Array | null; unknown: number } | null };
  /** What the validation split held out of the text for the runs (null: not said, e.g. a classifier). */
  heldOut: HeldOutSummary | null;
  /** The step each restored run can continue from (its resumable state, stored before a reload). */
  resumable: Readonly<Record<string, number>>;
  /** The runs continued from their stored state (the step), or why they could not and began anew. */
  resumeNotice: { step: number } | { failed: string } | null;
  /** After a reload: the stored resumable states of the restored runs; training goes on at once
   *  when it was training when the page closed. */
  restoreResumes: (states: Readonly<Record<string, StoredResume>>) => void;
  trainOrPause: (compare?: boolean) => void;
  stepOnce: () => void;
  /** Deletes a run of the session: it stops training, the others go on; `undoRemove` puts it back
   *  where it was, as it was. */
  removeRun: (id: string) => void;
  reset: () => void;
  requestSample: () => void;
  setPredictText: (text: string) => void;
  // the worker's messages (src/store/dispatch.ts)
  runsReady: (m: Msg<'ready'>) => void;
  backendChanged: (m: Msg<'backend'>) => void;
  metricsArrived: (m: Msg<'metrics'>) => void;
  runningChanged: (running: boolean) => void;
  diverged: (m: Msg<'diverged'>) => void;
  resumeStateArrived: (m: Msg<'resume-state'>) => void;
  sampleArrived: (m: Msg<'sample'>) => void;
  evaluationArrived: (m: Msg<'evaluation'>) => void;
  predictionArrived: (m: Msg<'predicted'>) => void;
  workerError: (m: Msg<'error'>) => void;
}

/** The "look inside" panels' traces (src/store/inspect.ts). */
export interface InspectSlice {
  /** What the inspection panels trace: the window of the training text (first code point, time
   *  steps), which loss the gradients are of, and whether the weights come along (heatmaps shown). */
  inspect: InspectSettings;
  /** The latest trace of each run. Per-frame data: panels read it through `useStore.subscribe`
   *  into refs and draw on canvas, never through a React selector. */
  traces: Readonly<Record<string, TraceFrame>>;
  /** The first run's probability of each next character over an excerpt of the text (from the
   *  inspected window's start), refreshed while it trains. */
  tint: { runId: string; step: number; symbols: string[]; probs: Float32Array } | null;
  /** Per run, the saliency of the same prediction at its latest updates (oldest first, at most
   *  SALIENCY_ROWS): the strip of how it changed while the run trained. */
  saliency: Readonly<Record<string, readonly SaliencyRow[]>>;
  setInspect: (patch: Partial<InspectSettings>) => void;
  requestTraces: () => void;
  traceArrived: (m: Msg<'trace'>) => void;
  probsArrived: (m: Msg<'probs'>) => void;
  /** After an update (a Step): trace the new parameters, unless traces are already timed. */
  parametersChanged: () => void;
  traceWhileRunning: (running: boolean) => void;
  clearTraces: () => void;
}

/** Step mode over the inspected window (src/store/stepper.ts). */
export interface StepperSlice {
  /** Null when step mode is closed. */
  stepper: StepperView | null;
  stepperPlaying: boolean;
  openStepper: (runId: string) => void;
  closeStepper: () => void;
  stepTo: (to: number) => void;
  stepBy: (delta: number) => void;
  walkBack: (k: number) => void;
  togglePlay: (stepsPerSecond: number) => void;
  stopPlaying: () => void;
  stepperOpened: (m: Msg<'stepper-opened'>) => void;
  stepperState: (m: Msg<'stepper-state'>) => void;
}

/** A memory task's per-token feedback (src/store/memory-check.ts). */
export interface MemoryCheckSlice {
  /** The seed the test sequences are drawn from, the run that answers them (null: the first) and
   *  its latest answers, one per sequence. */
  memoryCheck: { seed: number; runId: string | null; answers: { runId: string; step: number; symbols: readonly string[]; sequences: Answers[] } | null };
  /** Other test sequences (the next seed); the inside views follow. */
  newMemorySequences: () => void;
  setMemoryCheckRun: (runId: string) => void;
  requestAnswers: () => void;
  answersArrived: (m: Msg<'answers'>) => void;
  clearAnswers: () => void;
}

/** Models in and out of the page, and kept runs (src/store/model-files.ts). */
export interface ModelFilesSlice {
  kept: KeptRun[];
  /** A model file is being read by the worker. */
  importing: boolean;
  /** The runs are an imported model; `unknown` characters of the text are not in its vocabulary. */
  importNotice: { fileName: string; unknown: number } | null;
  importModel: (file: File) => Promise<void>;
  downloadRun: (runId: string) => Promise<void>;
  exportPytorch: (runId: string) => Promise<void>;
  downloadKept: (keptId: string) => Promise<void>;
  keepRuns: () => void;
  /** Removes a kept run; `undoRemove` puts the last one back (its model is deleted only once
   *  another is removed or the notice is dismissed). */
  removeKept: (id: string) => void;
  /** The last run deleted (a kept run, or a run of the session, set aside by the worker until it
   *  is put back or forgotten; a new session forgets it), and where it was in its list. */
  lastRemoved: RemovedRun | null;
  undoRemove: () => void;
  forgetRemoved: () => void;
  /** Names a run of the session or a kept run. */
  renameRun: (id: string, name: string) => void;
  /** Downloads the chart as drawn (PNG or SVG) or its data (CSV). */
  downloadChart: (name: string, data: Blob) => void;
  /** Downloads the visible curves' data as CSV (src/io/loss-csv.ts chartCsv). */
  downloadChartData: (name: string, curves: readonly ChartCurveData[], xName: string, yName: string) => void;
  exported: (m: Msg<'exported'>) => void;
  checkpointArrived: (m: Msg<'checkpoint'>) => void;
  imported: (m: Msg<'imported'>) => void;
}

/** The text as the text worker reads it (src/store/text-stats.ts). */
export interface TextStatsSlice {
  /** Characters, vocabulary and the task the text makes in its mode; null at first. */
  textStats: { chars: number; vocab: number; task: TaskSummary } | null;
  startTextStats: () => void;
}

/** A sweep running in the worker: its task, steps done of all, the time left as predicted so far
 *  (null at first), the device (null until the worker starts it), and whether Cancel was asked. */
export interface SweepRunView {
  task: MemoryKind;
  done: number;
  total: number;
  secondsLeft: number | null;
  adapter: string | null;
  cancelling: boolean;
}

/** "Where does each cell break?" (src/store/sweep.ts). */
export interface SweepSlice {
  /** The fields as typed, kept whatever they hold (the sweep is made from them at Start). */
  sweepDraft: SweepDraft;
  /** The last sweep of each task (the running one's points arrive into it); saved. */
  sweeps: SweepResult[];
  sweepRun: SweepRunView | null;
  /** Why the last sweep failed in the worker, or null. */
  sweepError: ErrorView | null;
  setSweepValues: (text: string) => void;
  toggleSweepCell: (cell: CellKind) => void;
  setSweepDraft: (patch: Partial<Pick<SweepDraft, 'steps' | 'hidden'>>) => void;
  /** Starts the sweep of the page's memory task (training pauses); nothing while a field is wrong. */
  startSweep: () => void;
  cancelSweep: () => void;
  /** The task's last sweep as CSV. */
  downloadSweep: (task: MemoryKind) => void;
  sweepStarted: (m: Msg<'sweep-started'>) => void;
  sweepProgress: (m: Msg<'sweep-progress'>) => void;
  sweepPoint: (m: Msg<'sweep-point'>) => void;
  sweepEnded: (m: Msg<'sweep-ended'>) => void;
}

/** The lessons (src/store/lessons.ts): the Learn panel, progress and the first-visit tour. */
export interface LessonsSlice {
  lessons: LessonProgress;
  /** The tour is showing (at first visit until finished or skipped; again when asked for). */
  tourOpen: boolean;
  /** Opens the Learn panel at `chapter` (1-based; 0: the list), or where it was. */
  openLessons: (chapter?: number) => void;
  closeLessons: () => void;
  /** A chapter's check was seen (or a chapter without one was set up). */
  markLessonDone: (id: string) => void;
  startTour: () => void;
  /** Finished or skipped: not shown at the next visit. */
  endTour: () => void;
}

export interface UnitsFrame {
  runId: string;
  step: number;
  model: ModelConfig;
  symbols: readonly string[];
  /** A classifier's labels (empty otherwise). */
  labels: readonly string[];
  /** Where the passage starts: a code point of the text, or a task's sequence number. */
  offset: number;
  /** A classifier's true label of each sentence (null otherwise). */
  truth: number[] | null;
  passage: Passage;
  /** The units that correlate most with each feature of the passage's text (from the worker). */
  ranking: FeatureRanking[];
}

export interface UnitsView {
  offset: number;
  length: number;
  choice: UnitRef;
  /** The first run's passage. */
  frame: UnitsFrame | null;
  /** The other runs' passages (compare mode), by run id: their gate saturation beside the first's. */
  others: Readonly<Record<string, UnitsFrame>>;
}

/** "What each unit does" (src/store/units.ts): a passage of the text or of the task's sequences
 *  through each run. */
export interface UnitsSlice {
  units: UnitsView;
  /** Moves the passage or picks another unit, and asks for the passage when it moved. */
  setUnits: (patch: Partial<Pick<UnitsView, 'offset' | 'length' | 'choice'>>) => void;
  /** Asks for the passage on the first run's current parameters (one request in flight at most). */
  requestPassage: () => void;
  passageArrived: (m: Msg<'passage'>) => void;
  /** Drops the passages (their runs are gone) and any answer on the way. */
  clearPassages: () => void;
}

/** The training worker and what it found (src/store/engine.ts). */
export interface EngineSlice {
  gpu: GpuStatus;
  /** Starts the training worker (at idle, not inside the first click) unless it runs. */
  startEngine: () => void;
  /** Posts to the training worker, starting it first when needed. */
  send: (m: ToWorker, transfer?: Transferable[]) => void;
  gpuReported: (m: Msg<'gpu'>) => void;
}

export type PlaygroundState = SettingsSlice & RunsSlice & InspectSlice & MemoryCheckSlice & StepperSlice & ModelFilesSlice & TextStatsSlice & SweepSlice & LessonsSlice & UnitsSlice & EngineSlice;

/** How each slice is made: zustand's `set` and `get` over the whole store. */
export type Slice<T> = StateCreator<PlaygroundState, [], [], T>;

/** The longest training text kept, in UTF-16 units (about 5 MB of text). */
export const MAX_TEXT_UNITS = 5_000_000;

/** The task the text makes in the current mode (line or classification), once the text worker has
 *  read it; null in next-character mode, while it reads, or when the text makes none. */
export function currentTask(s: Pick<PlaygroundState, 'mode' | 'textStats'>): Exclude<TaskSummary, { problem: unknown } | { mode: 'lm' | 'memory' }> | null {
  const task = s.textStats?.task;
  return task && task.mode === s.mode && task.mode !== 'lm' && task.mode !== 'memory' && !('problem' in task) ? task : null;
}

/** Chart options valid for a mode: accuracy only for a classifier (held out) or a memory task (its
 *  answers), bits per character for neither. */
export function chartFor(mode: TaskMode, chart: ChartOptions): ChartOptions {
  const fits = chart.y === 'loss' || (chart.y === 'accuracy') === (mode === 'classify' || mode === 'memory');
  return fits ? chart : { ...chart, y: mode === 'memory' ? 'accuracy' : 'loss' };
}
