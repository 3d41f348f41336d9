// The Backend interface: what the worker and the CLI drive, implemented by the CPU reference
// (cpu.ts) and the WebGPU engine (webgpu/). Callers never know which one runs.
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import type { SampleOptions } from '../model/sample.ts';
import type { StepState, StepTick } from '../model/stepping.ts';
import type { LossAt, Trace, TraceLoss } from '../model/trace.ts';
import type { Passage, PassageSource } from '../model/passage.ts';
import type { SequenceTask } from '../model/tasks.ts';
import type { TrainingState } from '../model/resume.ts';
import type { HeldOut } from '../model/validation.ts';
import type { StepResult } from '../model/train.ts';
import type { Vocab } from '../model/vocab.ts';

export type { HeldOut, LossAt, StepResult, Trace, TraceLoss, SampleOptions, StepState, StepTick, TrainingState };

/** Step mode over one window of text (B = 1, zero initial state), in tickOrder (src/model/stepping.ts). */
export interface Stepper {
  readonly ticks: readonly StepTick[];
  /** The next (layer, time step), or null when the window is done. */
  step(): Promise<StepState | null>;
  close(): void;
}

export type BackendKind = 'cpu' | 'webgpu';

/** An evaluation of the held-out part in slices (Backend.openValidation). */
export interface ValidationRun {
  /** Evaluates up to `units` more windows (lines); the mean loss once the last is done, else null. */
  advance(units: number): Promise<number | null>;
  /** Frees what it holds; safe to call twice. */
  close(): void;
}

/** The whole held-out part's loss through a ValidationRun (both backends' validationLoss). */
export async function wholeValidationLoss(open: Promise<ValidationRun>): Promise<number> {
  const v = await open;
  try {
    return (await v.advance(Infinity))!;
  } finally {
    v.close();
  }
}

export interface BackendInit {
  model: ModelConfig;
  train: TrainConfig;
  /** The training text; its code points make the vocabulary unless `vocab` is given. */
  text: string;
  vocab?: Vocab;
  /** Parameters in the flat PyTorch-named layout (src/model/params.ts); default: seeded init. */
  params?: Float32Array;
  /** Line or classification mode (src/model/tasks.ts): train on its whole sequences, batched by
   *  SequenceBatcher, instead of TBPTT windows of `text`; its vocabulary is used. */
  task?: SequenceTask;
  /** Continue a run from its `params` and this state (src/model/resume.ts): its step, batches
   *  drawn, optimizer moments and carried state, so it goes on as if it had not stopped. */
  resume?: TrainingState;
}

export type LiveTrainConfig = Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue' | 'optimizer'>>;

export interface Backend {
  readonly kind: BackendKind;
  /** Builds everything for this model shape. Throws a ConfigError for invalid config or text. */
  init(init: BackendInit): Promise<void>;
  /** One update: next TBPTT window, forward, BPTT, clip, optimizer. */
  trainStep(): Promise<StepResult>;
  /** Waits for all submitted work; returns the stats of the latest step. */
  flush(): Promise<StepResult>;
  /** The window `text` (B = 1, zero initial state) with every gate, state and gradient norm; the
   *  gradients are of the loss at every step (what training minimises) or at the last step alone.
   *  A classifier reads `text` as a sentence: its gradients are of the loss of `label` (default:
   *  the predicted label) and the trace carries the label probabilities. */
  trace(text: string, topK?: number, lossAt?: TraceLoss, label?: number): Promise<Trace>;
  /** A passage, read as training reads it (src/model/passage.ts): a text window after window
   *  (B = 1, `window` steps each, the state carried), next-character runs only; or a task's
   *  sequences, each from a zero state, task runs only. Every gate and state and the top-k next
   *  ids (a classifier's label probabilities). A RangeError for the other kind of run, or when
   *  the text holds no whole window or no sequence the model knows. */
  passage(source: PassageSource, topK?: number): Promise<Passage>;
  /** Generated text; in line mode one whole line (START + prime .. END, without the tokens).
   *  A classifier generates nothing (RangeError). */
  sample(opts: SampleOptions): Promise<string>;
  /** Step mode: the GPU dispatches exactly one (layer, time step) per step() and reads back its states. */
  openStepper(text: string): Promise<Stepper>;
  getParams(): Promise<Float32Array>;
  /** What continues this run exactly, with getParams() (waits for submitted steps). */
  trainingState(): Promise<TrainingState>;
  /** Mean loss (nats per predicted symbol) of the current parameters over the whole held-out
   *  part (src/model/validation.ts referenceValidationLoss is the reference); no update. */
  validationLoss(heldOut: HeldOut): Promise<number>;
  /** The same a slice at a time, on a snapshot of the current parameters (training may go on
   *  between slices); close() it when done. */
  openValidation(heldOut: HeldOut): Promise<ValidationRun>;
  /** Replaces the parameters; the state carried between windows restarts from zero. */
  setParams(params: Float32Array): Promise<void>;
  /** Settings that change no shapes apply live. */
  updateTrainConfig(patch: LiveTrainConfig): void;
  readonly vocab: Vocab;
  /** Frees everything; safe to call twice. */
  dispose(): void;
}
