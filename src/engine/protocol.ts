// The typed message protocol between the page and the training worker. The worker owns the
// backends (one per run, all on one device) and the loop; the page sends commands and receives
// batched metrics, never one message per step.
import type { BackendKind } from '../backend/types.ts';
import type { Checkpoint } from '../io/checkpoints.ts';
import type { MetricPoint } from '../io/loss-csv.ts';
import type { ModelConfig, Problem, TrainConfig } from '../model/config.ts';
import type { MemoryConfig } from '../model/memory-tasks.ts';
import type { SampleOptions } from '../model/sample.ts';
import type { SweepPoint, SweepSpec } from '../model/sweep.ts';
import type { StepState, StepTick } from '../model/stepping.ts';
import type { TaskMode } from '../model/tasks.ts';
import type { HeldOutSummary } from '../model/validation.ts';
import type { LossAt, Trace } from '../model/trace.ts';
import type { Passage, PassageSource } from '../model/passage.ts';
import type { FeatureRanking } from '../model/unit-features.ts';

export interface RunSpec {
  id: string;
  model: ModelConfig;
  /** Continue from this state (stored before a reload) instead of a fresh initialisation: the run
   *  takes its parameters, optimizer state, step and batch position. One that does not fit the
   *  model, text or settings is refused with an 'error' (field 'resume') and the run starts fresh. */
  resume?: ResumeState;
}

/**
 * What a run needs to continue exactly where it was (src/io/run-state.ts): a checkpoint file —
 * the model file with the optimizer's moments as tensors (optimizer.*) and, in its metadata, the
 * update it holds (`step`), the batches drawn, the seed, task, schedule, initialisation and split.
 * The page stores it in IndexedDB and sends it back in RunSpec.resume after a reload.
 */
export interface ResumeState {
  step: number;
  bytes: ArrayBuffer;
}

/** What the worker found when it started: the WebGPU adapter that passed its self-test (saxpy on
 *  random data, every element checked), or why training runs on the CPU reference. */
export type GpuReport =
  | { kind: 'webgpu'; /** e.g. "google · swiftshader" */ adapter: string; software: boolean; elementsChecked: number }
  | { kind: 'cpu'; reason: string };

/** What the worker does once the runs of an 'init' are ready: train, take one step, or wait. */
export type AfterInit = 'start' | 'step' | null;

export interface RunReady {
  id: string;
  backend: BackendKind;
  adapter: string;
  vocabSize: number;
  parameters: number;
  /** The step it continued from (RunSpec.resume); absent for a fresh run. */
  resumedFrom?: number;
}

/** Which inputs the prediction at step `at` of a trace's window used: ‖∂L_at/∂x_s‖ for each step s
 *  (src/model/saliency.ts). */
export interface Saliency {
  at: number;
  norms: Float32Array;
}

/** One memory sequence as a run answers it: its inputs, its targets (-1 where nothing is asked),
 *  the top-k at every position and the probability of each target (NaN where there is none). */
export type Answers = Pick<Trace, 'inputs' | 'targets' | 'topK' | 'targetProbs'>;

export type ToWorker =
  /** Builds one backend per run on the same text and training settings (replacing any before), in
   *  task `mode`: next character over the text, its lines / labelled sentences, or the memory task
   *  `memory` (src/model/tasks.ts);
   *  once they are ready (a 'ready' posted), `then` starts training or takes one step. */
  | { type: 'init'; runs: RunSpec[]; train: TrainConfig; text: string; mode: TaskMode; memory: MemoryConfig; then: AfterInit }
  | { type: 'start' }
  | { type: 'pause' }
  /** Exactly one update of every run. */
  | { type: 'step' }
  /** The person deleted a run of the session: it stops training and is set aside, whole, until
   *  'undrop' puts it back at its place or 'forget-dropped' (or the next 'drop' or 'init') frees it. */
  | { type: 'drop'; runId: string }
  | { type: 'undrop'; runId: string }
  | { type: 'forget-dropped' }
  | { type: 'update'; patch: Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue'>> }
  | { type: 'sample'; id: number; runId: string; opts: SampleOptions }
  /** Every gate, state and gradient norm of the run over `text` (B = 1, zero initial state), the
   *  gradients of the loss at `lossAt` (a classifier: of the loss of `label`, default the predicted
   *  one); with `weights`, the run's parameters too; with `grads`, every unit's BPTT numbers
   *  (Trace.grads, computed by the reference on the run's parameters); with `whhScale` or
   *  `forgetBias`, a what-if traced by the reference with every W_hh multiplied by the one and
   *  every LSTM forget gate's bias raised by the other (the run itself is not changed); with
   *  `saliencyAt`, which inputs the prediction at that step used (src/model/saliency.ts; -1 or a
   *  step without a target: the last step that has one), from a second pass on the run itself. */
  | { type: 'trace'; id: number; runId: string; text: string; lossAt: LossAt; weights: boolean; label?: number; grads?: boolean; whhScale?: number; forgetBias?: number; saliencyAt?: number }
  /** A memory run's answers to the memory sequences `texts` (its tokens): per sequence, what the
   *  backend's trace says at each position (the per-token feedback panel). */
  | { type: 'answers'; id: number; runId: string; texts: string[] }
  /** A classifier's label probabilities for a sentence the person types. */
  | { type: 'predict'; id: number; runId: string; text: string }
  /** How likely the run finds each next character of `text` (forward only). */
  | { type: 'probs'; id: number; runId: string; text: string }
  /** "What each unit does": a passage of the text (read in windows, the state carried) or of a
   *  task's sequences (each from a zero state). */
  | { type: 'passage'; id: number; runId: string; source: PassageSource }
  /** Step mode over `text` (its last character is only a target, except for a classifier, which
   *  reads the whole sentence): replaces any open stepper. */
  | { type: 'stepper-open'; id: number; runId: string; text: string }
  /** Exactly one (layer, time step) dispatch; answered with its states. */
  | { type: 'stepper-next'; id: number }
  | { type: 'stepper-close' }
  /** The run's current parameters as a model file. */
  | { type: 'export'; id: number; runId: string }
  /** The run's resumable state now (answered with 'resume-state' of the same id). */
  | { type: 'resume-state'; id: number; runId: string }
  /** Replaces the runs by one run of the model in `bytes` (a safetensors file), on the page's text
   *  and settings; a file that cannot be read leaves the current runs untouched. */
  | { type: 'import'; bytes: ArrayBuffer; fileName: string; train: TrainConfig; text: string; memory: MemoryConfig }
  /** The sweep (src/engine/sweep-worker.ts): every cell at every difficulty of `spec`, on the runs'
   *  device, between the worker's other messages. Training pauses first (its runs are kept); a
   *  'start' or 'step' while it runs cancels it. One sweep at a time. */
  | { type: 'sweep-start'; spec: SweepSpec }
  /** Stops the sweep after its current round of steps; the points it finished stay posted. */
  | { type: 'sweep-cancel' };

/** How often a training run posts its resumable state (ms of wall time while it trains). */
export const RESUME_EVERY_MS = 5000;

export type FromWorker =
  /** Posted once, when the worker starts (before any 'ready'). */
  | { type: 'gpu'; report: GpuReport }
  /** `heldOut`: what the validation split took out of the text (absent for a classifier, which
   *  keeps its own split, and for memory tasks). */
  | { type: 'ready'; runs: RunReady[]; fallbackReason: string | null; heldOut?: HeldOutSummary }
  /** The runs moved to another backend (the GPU was lost for good): each went back to the step in
   *  `restoredSteps`, its last known-good parameters, and goes on from there. */
  | { type: 'backend'; runs: RunReady[]; fallbackReason: string; restoredSteps: Record<string, number> }
  | { type: 'metrics'; runs: { id: string; points: MetricPoint[]; charsPerSec: number }[] }
  | { type: 'running'; running: boolean }
  /** A run's loss became NaN or infinite at `step` — or (`climb`) climbed far above its starting
   *  loss: training paused and the run's parameters went back to those of `restoredStep`, the last
   *  known to give a finite loss that had not climbed. */
  | { type: 'diverged'; runId: string; step: number; restoredStep: number; climb: { loss: number; start: number } | null }
  /** Generated text; in line mode whole lines, one per line of `text`. */
  | { type: 'sample'; id: number; text: string; step: number } // step: of the parameters it was drawn from
  /** A classifier's label probabilities for `text` (null when it knows none of its characters);
   *  `unknown` of its characters are not in the vocabulary and were skipped. */
  | { type: 'predicted'; id: number; runId: string; step: number; probs: Float32Array | null; unknown: number }
  /** A classifier on the held-out split, at `step`: the label it predicts for each of the first
   *  held-out sentences (src/model/task-summary.ts), its accuracy and mean loss over all of them. */
  | { type: 'evaluation'; runId: string; step: number; seconds: number; accuracy: number; loss: number; predicted: Int32Array }
  /** `trace` is null when the window has fewer than two characters the model knows; `params` (the
   *  flat layout of src/model/params.ts, transferred) when the request asked for the weights. */
  | { type: 'trace'; id: number; runId: string; step: number; symbols: readonly string[]; labels: readonly string[]; trace: Trace | null; params: Float32Array | null; saliency: Saliency | null }
  /** A memory run's answers (ToWorker 'answers'), one per text, on the parameters of `step`. */
  | { type: 'answers'; id: number; runId: string; step: number; symbols: readonly string[]; sequences: Answers[] }
  /** `symbols[t]` is the t-th character of the text it knows; `probs[t]` the model's p(symbols[t+1]). */
  | { type: 'probs'; id: number; runId: string; step: number; symbols: string[]; probs: Float32Array }
  /** `passage` is null when the source holds nothing the model knows (no whole window, no
   *  sequence), or is of the other kind than the run's; `ranking`: the units that correlate most
   *  with each feature of its text; `labels`: a classifier's (empty otherwise). */
  | { type: 'passage'; id: number; runId: string; step: number; symbols: readonly string[]; labels: readonly string[]; passage: Passage | null; ranking: FeatureRanking[] | null }
  /** `labels`: a classifier's (its last tick outputs their probabilities); empty otherwise. */
  | { type: 'stepper-opened'; id: number; runId: string; ticks: StepTick[]; symbols: readonly string[]; labels: readonly string[]; ids: Int32Array; vocabSize: number }
  /** null when the window is done. */
  | { type: 'stepper-state'; id: number; state: StepState | null }
  | { type: 'exported'; id: number; runId: string; checkpoint: Checkpoint }
  /** The last parameters of a run known to give a finite loss, posted every so often while it trains. */
  | { type: 'checkpoint'; runId: string; checkpoint: Checkpoint }
  /** A run's resumable state: answering a 'resume-state' request (`id`), and, with `id` null,
   *  every RESUME_EVERY_MS of training and when training pauses. */
  | { type: 'resume-state'; id: number | null; runId: string; state: ResumeState }
  /** An imported model replaced the runs (a 'ready' follows); `unknown` characters of the text
   *  are not in its vocabulary and are skipped. */
  | { type: 'imported'; run: RunSpec; fileName: string; unknown: number; mode: TaskMode; memory: MemoryConfig }
  /** A problem with a field (ConfigError) or a failure; `field` names the setting to fix. */
  | { type: 'error'; message: string; field: string | null; problem: Problem | null }
  /** A sweep began: `total` steps (all cells, all difficulties) on `adapter` ('CPU (JavaScript)'
   *  on the reference, when there is no GPU). */
  | { type: 'sweep-started'; total: number; backend: BackendKind; adapter: string }
  /** Steps done of all, and the seconds left as the steps so far predict them (null at first). */
  | { type: 'sweep-progress'; done: number; total: number; secondsLeft: number | null }
  /** A point of the sweep is done (a cancelled sweep keeps those posted). */
  | { type: 'sweep-point'; point: SweepPoint }
  /** The sweep ended: every point done, cancelled, or failed with `error` (a ConfigError's field:
   *  sweepValues, sweepCells or sweepSteps; null for a failure of the device). */
  | { type: 'sweep-ended'; outcome: 'done' | 'cancelled' | 'failed'; error: { message: string; field: string | null; problem: Problem | null } | null };
