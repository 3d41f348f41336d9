// What a model file says about how it was trained, and what a checkpoint adds to continue it.
// Metadata (all strings): `step` (the update the parameters hold), the training settings under
// SETTING_KEYS (seq_len, batch_size, learning_rate, optimizer, clip_mode, clip_value, seed — the
// names train.py of the PyTorch project reads), `schedule`, `init` and `validation` (config.ts
// Schedule, InitConfig, ValidationSplit as JSON); the task is `mode` (and a memory task's
// `memory`), written by safetensors.ts. What a file does not say (older files, other tools) reads
// as DEFAULT_TRAIN's, step 0 and no held-out part.
// A checkpoint (src/model/resume.ts TrainingState) adds `resume` ({optimizer, t, batches} as JSON)
// and tensors after the model's: `optimizer.exp_avg` and `optimizer.exp_avg_sq` (Adam, PyTorch's
// names for its moments) or `optimizer.square_avg` (RMSprop), each (P), and `state.carried` (n):
// per layer h (B, H), then an LSTM's c (B, H), of a next-character run. PyTorch's strict
// load_state_dict refuses those names: load a checkpoint's model with strict=False, or without the
// tensors whose names start with `optimizer.` and `state.`.
import { CHOICES, DEFAULT_TRAIN, NO_VALIDATION, trainConfigErrors, type InitConfig, type ScalarTrainField, type Schedule, type TrainConfig, type ValidationSplit } from '../model/config.ts';
import type { TrainingState } from '../model/resume.ts';

/** Each training setting's name in a model file's metadata (train.py's SETTINGS reads the same). */
export const SETTING_KEYS = {
  seqLen: 'seq_len',
  batchSize: 'batch_size',
  learningRate: 'learning_rate',
  optimizer: 'optimizer',
  clipMode: 'clip_mode',
  clipValue: 'clip_value',
  seed: 'seed',
} as const satisfies Record<ScalarTrainField, string>;

/** The update the parameters hold and the settings that trained them. */
export interface TrainingInfo {
  step: number;
  train: TrainConfig;
}

/** What a file that says nothing about its training reads as. */
export const DEFAULT_INFO: TrainingInfo = { step: 0, train: { ...DEFAULT_TRAIN, validation: NO_VALIDATION } };

export function trainingMetadata({ step, train }: TrainingInfo): Record<string, string> {
  const settings = Object.fromEntries(Object.entries(SETTING_KEYS).map(([field, key]) => [key, String(train[field as ScalarTrainField])]));
  return { step: String(step), ...settings, schedule: JSON.stringify(train.schedule), init: JSON.stringify(train.init), validation: JSON.stringify(train.validation) };
}

/** A tensor a checkpoint adds: its name and the floats it holds. */
export interface StateTensor {
  name: string;
  data: Float32Array;
}

/** The metadata and tensors of a checkpoint's state. */
export function stateEntries(state: TrainingState): { meta: Record<string, string>; tensors: StateTensor[] } {
  const { kind, t, m, v } = state.optimizer;
  const tensors = kind === 'adam' ? [{ name: 'optimizer.exp_avg', data: m }, { name: 'optimizer.exp_avg_sq', data: v }] : kind === 'rmsprop' ? [{ name: 'optimizer.square_avg', data: v }] : [];
  return { meta: { resume: JSON.stringify({ optimizer: kind, t, batches: state.batches }) }, tensors: [...tensors, { name: 'state.carried', data: state.carried }] };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** JSON metadata `key` over its default (absent: the default); a problem message when it does not fit. */
function jsonField<T extends object>(meta: Record<string, unknown>, key: string, fallback: T, ok: (v: T) => boolean): T | string {
  const raw = meta[key];
  if (raw === undefined) return fallback;
  let v: unknown;
  try {
    v = JSON.parse(typeof raw === 'string' ? raw : '');
  } catch {
    return `Metadata '${key}' must be JSON (got ${JSON.stringify(raw)}).`;
  }
  const merged = isObject(v) ? ({ ...fallback, ...v } as T) : null;
  return merged && ok(merged) ? merged : `Metadata '${key}' is not a valid ${key} (got ${JSON.stringify(raw)}).`;
}

const wholeNumber = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN);

/** The training info of a file's metadata (defaults for what it lacks), or a problem message. */
export function readTrainingInfo(meta: Record<string, unknown>): TrainingInfo | string {
  const step = meta.step === undefined ? 0 : wholeNumber(meta.step);
  if (Number.isNaN(step)) return `Metadata 'step' must be a whole number (got ${JSON.stringify(meta.step)}).`;
  const base = DEFAULT_INFO.train;
  const train = { ...base } as Record<ScalarTrainField, unknown>;
  for (const [field, key] of Object.entries(SETTING_KEYS) as [ScalarTrainField, string][]) {
    const v = meta[key];
    if (v !== undefined) train[field] = field === 'optimizer' || field === 'clipMode' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  }
  const valid = (patch: Partial<TrainConfig>) => trainConfigErrors({ ...base, ...patch }).length === 0;
  const schedule = jsonField(meta, 'schedule', base.schedule, (s) => valid({ schedule: s }));
  const init = jsonField(meta, 'init', base.init, (i) => valid({ init: i }));
  const validation = jsonField(meta, 'validation', base.validation, (v) => valid({ validation: v }));
  for (const x of [schedule, init, validation]) if (typeof x === 'string') return x;
  const all = { ...(train as unknown as TrainConfig), schedule: schedule as Schedule, init: init as InitConfig, validation: validation as ValidationSplit };
  const problem = trainConfigErrors(all)[0];
  if (problem) return `Metadata '${SETTING_KEYS[problem.field as ScalarTrainField] ?? problem.field}': ${problem.message}.`;
  return { step, train: all };
}

/** A checkpoint's `resume` metadata: the optimizer its moments belong to, its t and the batches
 *  drawn, and the names of the tensors it adds; null when the file is no checkpoint; a problem message. */
export function readResume(meta: Record<string, unknown>): { kind: TrainConfig['optimizer']; t: number; batches: number; names: string[] } | null | string {
  if (meta.resume === undefined) return null;
  const r = jsonField(meta, 'resume', { optimizer: '', t: NaN, batches: NaN }, (x) => (CHOICES.optimizer as readonly string[]).includes(x.optimizer) && Number.isSafeInteger(x.t) && x.t >= 0 && Number.isSafeInteger(x.batches) && x.batches >= 0);
  if (typeof r === 'string') return r;
  const kind = r.optimizer as TrainConfig['optimizer'];
  const { tensors } = stateEntries({ step: 0, batches: 0, optimizer: { kind, t: 0, m: new Float32Array(0), v: new Float32Array(0) }, carried: new Float32Array(0) });
  return { kind, t: r.t, batches: r.batches, names: tensors.map((x) => x.name) };
}
