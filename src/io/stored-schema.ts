// What the page reads back from IndexedDB, held to the current schema: the saved work (text, task,
// settings, kept runs, chart and sample options, language, the sweeps, the memory task) and the
// runs' checkpoints. Everything read is `unknown` until a guard here says otherwise: a value that
// does not fit (another version's, a hand edit, a bug) is dropped, named in a StoredProblem for
// the page's notice, and the rest is kept. Each record is stored with SCHEMA_VERSION; older records are migrated first.
import { CELL_KINDS, type CellKind } from '../model/cells/registry.ts';
import { CHOICES, checkNumeric, DEFAULT_TRAIN, NO_VALIDATION, trainConfigErrors, type InitConfig, type ModelConfig, type NumericFieldName, type Schedule, type TrainConfig, type ValidationSplit } from '../model/config.ts';
import type { RunChange, RunConfig } from '../model/run-diff.ts';
import { MEMORY_KINDS, memoryConfigErrors, type MemoryConfig, type MemoryKind } from '../model/memory-tasks.ts';
import { sweepErrors, type SweepPoint, type SweepSpec } from '../model/sweep.ts';
import { TASK_MODES, type TaskMode } from '../model/tasks.ts';
import { SAMPLE_BOUNDS } from '../model/sample.ts';
import type { MetricPoint } from './loss-csv.ts';
import { arrayOf, describe, inRange, isBoolean, isFinite, isNumber, isObject, isString, misfit, oneOf, optional, whole, type Fields, type Guard } from './guards.ts';

export { describe };

/** The version written with every record. 0: the records before versions were stored (same fields);
 *  2: training settings with a schedule, an initialisation and a validation split. */
export const SCHEMA_VERSION = 2;

export const LANG_IDS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANG_IDS)[number];

/** A classifier's accuracy and mean loss on the held-out split at one step. */
export interface EvalPoint {
  step: number;
  seconds: number;
  accuracy: number;
  loss: number;
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
  /** Its own colour on the chart (src/store/run-colors.ts); older kept runs take one on load. */
  color?: string;
  /** What it was trained with, and what changed against the run before it (src/model/run-diff.ts). */
  config?: RunConfig;
  diff?: RunChange[];
}

export interface ChartOptions {
  /** Steps, seconds of training, or characters read (next-character runs). */
  x: 'step' | 'seconds' | 'chars';
  /** Accuracy (held out) only in classification mode. */
  y: 'loss' | 'bpc' | 'accuracy';
  smoothed: boolean;
  /** The smoothing weight of the exponential moving average (0 to 0.99), while `smoothed`. */
  smoothing: number;
  logY: boolean;
  /** The order of the runs' list: as added, or by final or best (validation) loss. */
  sort: 'added' | 'final' | 'best';
  /** Series ids the legend has hidden. */
  hidden: string[];
}

export interface SampleOptions {
  prime: string;
  length: number;
  temperature: number;
  topK: number;
}

/** The sweep's fields as typed (kept as text, so a value that does not parse is not lost): the
 *  difficulties of each task (absent: the task's default sweep), the cells, steps, hidden units. */
export interface SweepDraft {
  values: Partial<Record<MemoryKind, string>>;
  cells: CellKind[];
  steps: string;
  hidden: string;
}

/** A sweep's points as they came, with the spec they came from; `partial` when it stopped before
 *  its last point (cancelled, failed, or the page closed while it ran). */
export interface SweepResult {
  spec: SweepSpec;
  points: SweepPoint[];
  partial: boolean;
}

/** The person's saved work, as one record. */
export interface SavedWork {
  text: string;
  mode: TaskMode;
  model: ModelConfig;
  train: TrainConfig;
  kept: KeptRun[];
  chart: ChartOptions;
  sampleOptions: SampleOptions;
  lang: Lang;
  sweepDraft: SweepDraft;
  /** The last sweep of each task. */
  sweeps: SweepResult[];
  /** The memory task and its knobs (kept whatever the mode). */
  memory: MemoryConfig;
}

export type StoredKey = keyof SavedWork | 'work' | 'checkpoint';

/** A stored value that did not fit and was dropped: which (a key, and a field or entry of it), what it held. */
export interface StoredProblem {
  key: StoredKey;
  /** The field of a settings object, the name of a kept run, or the run of a checkpoint. */
  field?: string;
  /** The dropped value, shortened for a message. */
  got: string;
}

const numeric = (name: NumericFieldName): Guard<number> => (v): v is number => checkNumeric(name, v) === null;


const isStep = inRange(0, Number.MAX_SAFE_INTEGER, true);

const isOptionalNumber: Guard<number | undefined> = (v): v is number | undefined => v === undefined || isNumber(v);
const METRIC_POINT: Fields<MetricPoint> = { step: isStep, loss: isNumber, gradNorm: isNumber, clipped: isBoolean, seconds: isFinite, accuracy: isOptionalNumber, valLoss: isOptionalNumber };
const EVAL_POINT: Fields<EvalPoint> = { step: isStep, seconds: isFinite, accuracy: isNumber, loss: isNumber };

export const MODEL_FIELDS: Fields<ModelConfig> = {
  cell: oneOf(CHOICES.cell),
  hiddenSize: numeric('hiddenSize'),
  numLayers: numeric('numLayers'),
  bidirectional: isBoolean,
  nonlinearity: oneOf(CHOICES.nonlinearity),
  peephole: isBoolean,
  gruVariant: oneOf(CHOICES.gruVariant),
};

export const TRAIN_FIELDS: Fields<TrainConfig> = {
  seqLen: numeric('seqLen'),
  batchSize: numeric('batchSize'),
  learningRate: numeric('learningRate'),
  optimizer: oneOf(CHOICES.optimizer),
  clipMode: oneOf(CHOICES.clipMode),
  clipValue: numeric('clipValue'),
  seed: numeric('seed'),
  schedule: (v): v is Schedule =>
    isObject(v) && oneOf(CHOICES.schedule)(v.kind) && (['warmupSteps', 'decaySteps', 'minFactor', 'stepEvery', 'stepFactor'] as const).every((k) => numeric(k)(v[k])) && trainConfigErrors({ ...DEFAULT_TRAIN, schedule: v as unknown as Schedule }).length === 0,
  init: (v): v is InitConfig => isObject(v) && oneOf(CHOICES.init)(v.kind) && isBoolean(v.carryBias),
  validation: (v): v is ValidationSplit => isObject(v) && numeric('valFraction')(v.fraction) && trainConfigErrors({ ...DEFAULT_TRAIN, validation: v as unknown as ValidationSplit }).length === 0,
};

const CHART_FIELDS: Fields<ChartOptions> = {
  x: oneOf(['step', 'seconds', 'chars'] as const),
  y: oneOf(['loss', 'bpc', 'accuracy'] as const),
  smoothed: isBoolean,
  smoothing: inRange(0, 0.99, false),
  logY: isBoolean,
  sort: oneOf(['added', 'final', 'best'] as const),
  hidden: arrayOf(isString),
};

const bounded = ({ min, max, integer }: { min: number; max: number; integer: boolean }) => inRange(min, max, integer);

const SAMPLE_FIELDS: Fields<SampleOptions> = {
  prime: isString,
  length: bounded(SAMPLE_BOUNDS.length),
  temperature: bounded(SAMPLE_BOUNDS.temperature),
  topK: bounded(SAMPLE_BOUNDS.topK),
};

const isCells = arrayOf(oneOf(CELL_KINDS));

const SWEEP_DRAFT_FIELDS: Fields<SweepDraft> = {
  values: (v): v is SweepDraft['values'] => isObject(v) && Object.entries(v).every(([k, x]) => oneOf(MEMORY_KINDS)(k) && isString(x)),
  cells: isCells,
  steps: isString,
  hidden: isString,
};


const isMetricPoint = whole(METRIC_POINT);
const isEvalPoint = whole(EVAL_POINT);
export const isModelConfig = whole(MODEL_FIELDS);


const MEMORY_FIELDS: Fields<MemoryConfig> = { task: oneOf(MEMORY_KINDS), delay: isNumber, symbols: isNumber, length: isNumber, depth: isNumber };

const RUN_CONFIG_FIELDS: Fields<RunConfig> = {
  model: isModelConfig,
  train: (v): v is TrainConfig => whole(TRAIN_FIELDS)(v),
  mode: oneOf(TASK_MODES),
  text: isString,
  memory: optional(whole(MEMORY_FIELDS)),
};
const isRunConfig = whole(RUN_CONFIG_FIELDS);
const isRunChange = (v: unknown): v is RunChange =>
  isObject(v) && (v.kind === 'text' || (v.kind === 'cell' && oneOf(CELL_KINDS)(v.from) && oneOf(CELL_KINDS)(v.to)) || ((v.kind === 'on' || v.kind === 'off') && isString(v.key)) || (v.kind === 'set' && isString(v.key) && isString(v.from) && isString(v.to)));

const KEPT_FIELDS: Fields<KeptRun> = {
  id: isString,
  name: isString,
  cell: oneOf(CELL_KINDS),
  points: arrayOf(isMetricPoint),
  evals: optional(arrayOf(isEvalPoint)),
  checkpointStep: optional(isStep),
  color: optional(isString),
  config: optional(isRunConfig),
  diff: optional(arrayOf(isRunChange)),
};
const isDifficulty = oneOf(['delay', 'length', 'depth'] as const);
const SWEEP_POINT_FIELDS: Fields<SweepPoint> = {
  task: oneOf(MEMORY_KINDS), cell: oneOf(CELL_KINDS), knob: isDifficulty, value: isStep, steps: isStep,
  loss: isNumber, accuracy: isNumber, chance: isFinite, // NaN: every final step diverged
};
const isSweepSpec = (v: unknown): v is SweepSpec =>
  whole<SweepSpec>({ memory: whole(MEMORY_FIELDS), values: arrayOf(isStep), cells: isCells, model: isModelConfig, train: whole(TRAIN_FIELDS), steps: isStep })(v) && sweepErrors(v).length === 0;
const SWEEP_RESULT_FIELDS: Fields<SweepResult> = { spec: isSweepSpec, points: arrayOf(whole(SWEEP_POINT_FIELDS)), partial: isBoolean };


/** The fields of a settings object that fit; each that is there and does not fit is a problem. */
function fieldsOf<T>(key: StoredKey, raw: unknown, fields: Fields<T>, problems: StoredProblem[]): Partial<T> | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.push({ key, got: describe(raw) });
    return undefined;
  }
  const out: Partial<T> = {};
  for (const [k, ok] of Object.entries(fields) as [keyof T & string, Guard<unknown>][]) {
    if (!(k in raw) || raw[k] === undefined) continue; // an older record without it: the default
    if (ok(raw[k])) out[k] = raw[k] as T[keyof T & string];
    else problems.push({ key, field: k, got: describe(raw[k]) });
  }
  return out;
}

/** A list of records, each alone: one that does not fit goes (a problem naming it, or its place),
 *  the others stay; undefined when there is no list. */
function eachOf<T>(key: StoredKey, raw: unknown, fields: Fields<T>, name: (v: unknown) => string | undefined, problems: StoredProblem[]): T[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.push({ key, got: describe(raw) });
    return undefined;
  }
  return raw.filter((v: unknown, i): v is T => {
    const bad = misfit(v, fields);
    if (bad !== null) problems.push({ key, field: name(v) ?? `#${i + 1}`, got: bad });
    return bad === null;
  });
}

/** Older records, one step each, up to SCHEMA_VERSION. */
const MIGRATIONS: Record<number, (r: Record<string, unknown>) => Record<string, unknown>> = {
  // version 0 (unversioned): the same fields as version 1
  0: (r) => ({ ...r, version: 1 }),
  // version 1: training settings had no schedule, initialisation or validation split. A saved
  // sweep ran without them (constant rate, PyTorch's init, no held-out part): its spec says so
  1: (r) => ({ ...r, version: 2, ...(Array.isArray(r.sweeps) ? { sweeps: r.sweeps.map(withOldTrain) } : {}) }),
};

/** A version-1 sweep's spec with the training settings it was run with, in version 2's fields. */
function withOldTrain(sweep: unknown): unknown {
  if (!isObject(sweep) || !isObject(sweep.spec) || !isObject(sweep.spec.train)) return sweep;
  const { schedule, init } = DEFAULT_TRAIN;
  return { ...sweep, spec: { ...sweep.spec, train: { schedule, init, validation: NO_VALIDATION, ...sweep.spec.train } } };
}

/** A record brought to SCHEMA_VERSION. A later version's record (a newer page was open here
 *  before) is read as it is: the guards keep the fields that still fit. */
export function migrate(record: Record<string, unknown>): Record<string, unknown> {
  let r = record;
  let version = typeof r.version === 'number' ? r.version : 0;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { ...r, version: SCHEMA_VERSION }; // a version that never existed: read what fits
    r = step(r);
    version = r.version as number;
  }
  return r;
}

/** The saved work that fits the current schema, and what did not (dropped, so defaults apply). */
export function readSavedWork(raw: unknown): { work: Partial<SavedWork>; problems: StoredProblem[] } {
  const problems: StoredProblem[] = [];
  if (raw === undefined || raw === null) return { work: {}, problems };
  if (!isObject(raw)) return { work: {}, problems: [{ key: 'work', got: describe(raw) }] };
  const r = migrate(raw);
  const work: Partial<SavedWork> = {};
  const single = <K extends 'text' | 'mode' | 'lang'>(key: K, ok: Guard<SavedWork[K]>) => {
    if (r[key] === undefined) return;
    if (ok(r[key])) work[key] = r[key];
    else problems.push({ key, got: describe(r[key]) });
  };
  single('text', isString);
  single('mode', oneOf(TASK_MODES));
  single('lang', oneOf(LANG_IDS));
  const model = fieldsOf('model', r.model, MODEL_FIELDS, problems);
  const train = fieldsOf('train', r.train, TRAIN_FIELDS, problems);
  const chart = fieldsOf('chart', r.chart, CHART_FIELDS, problems);
  const sampleOptions = fieldsOf('sampleOptions', r.sampleOptions, SAMPLE_FIELDS, problems);
  if (model) work.model = model as ModelConfig;
  if (train) work.train = train as TrainConfig;
  if (chart) work.chart = chart as ChartOptions;
  if (sampleOptions) work.sampleOptions = sampleOptions as SampleOptions;
  // each kept run (and each sweep) alone: a bad one goes, the others stay
  const kept = eachOf('kept', r.kept, KEPT_FIELDS, (k) => (isObject(k) && isString(k.name) ? k.name : undefined), problems);
  if (kept) work.kept = kept;
  const sweepDraft = fieldsOf('sweepDraft', r.sweepDraft, SWEEP_DRAFT_FIELDS, problems);
  if (sweepDraft) work.sweepDraft = sweepDraft as SweepDraft;
  const sweeps = eachOf('sweeps', r.sweeps, SWEEP_RESULT_FIELDS, (x) => (isObject(x) && isObject(x.spec) && isObject(x.spec.memory) ? String(x.spec.memory.task) : undefined), problems);
  if (sweeps) work.sweeps = sweeps;
  if (r.memory !== undefined) {
    // the knobs fit only together (a task's ranges, the window): kept whole or reset whole
    const err = misfit(r.memory, MEMORY_FIELDS) === null ? memoryConfigErrors(r.memory as MemoryConfig)[0] : undefined;
    const bad = misfit(r.memory, MEMORY_FIELDS) ?? (err ? `${err.field}: ${describe((r.memory as Record<string, unknown>)[err.field])}` : null);
    if (bad === null) work.memory = r.memory as MemoryConfig;
    else problems.push({ key: 'memory', got: bad });
  }
  return { work, problems };
}

/** A run's parameters at `step` as a model file (src/io/safetensors.ts), as the worker posts it and
 *  src/io/checkpoints.ts stores it. */
export interface Checkpoint {
  step: number;
  /** safetensors bytes (transferred, not copied). */
  bytes: ArrayBuffer;
}

/** A current run's checkpoint, with what the page needs to show the run again. */
export interface RunCheckpoint extends Checkpoint {
  label: string;
  model: ModelConfig;
  points: MetricPoint[];
  source: string | null;
  /** Its colour, what it trains with and what changed against the run before it (absent in
   *  checkpoints stored before runs had them). */
  color?: string;
  config?: RunConfig;
  diff?: RunChange[];
}

const CHECKPOINT_FIELDS: Fields<Checkpoint> = { step: isStep, bytes: (v): v is ArrayBuffer => v instanceof ArrayBuffer };

const RUN_CHECKPOINT_FIELDS: Fields<RunCheckpoint> = {
  ...CHECKPOINT_FIELDS,
  label: isString,
  model: isModelConfig,
  points: arrayOf(isMetricPoint),
  source: (v): v is string | null => v === null || isString(v),
  color: optional(isString),
  config: optional(isRunConfig),
  diff: optional(arrayOf(isRunChange)),
};

/** A stored checkpoint (a kept run's model), or undefined when there is none or it does not fit. */
export function readCheckpoint(raw: unknown): Checkpoint | undefined {
  const r = isObject(raw) ? migrate(raw) : raw;
  return isObject(r) && misfit(r, CHECKPOINT_FIELDS) === null ? { step: r.step as number, bytes: r.bytes as ArrayBuffer } : undefined;
}

/** A current run's stored checkpoint; a problem (naming the run) when it does not fit. */
export function readRunCheckpoint(raw: unknown, runId: string): RunCheckpoint | StoredProblem | undefined {
  if (raw === undefined) return undefined;
  const r = isObject(raw) ? migrate(raw) : raw;
  const bad = misfit(r, RUN_CHECKPOINT_FIELDS);
  if (bad !== null || !isObject(r)) return { key: 'checkpoint', field: isObject(r) && isString(r.label) ? r.label : runId, got: bad ?? describe(r) };
  const { step, bytes, label, model, points, source, color, config, diff } = r as unknown as RunCheckpoint;
  return { step, bytes, label, model, points, source, ...(color === undefined ? {} : { color }), ...(config === undefined ? {} : { config }), ...(diff === undefined ? {} : { diff }) };
}

/** A run's resumable state (the worker's ResumeState: parameters, optimizer moments, step and
 *  batch position in one file), as stored while it trains, with whether it was training then and
 *  the settings it trains with (a changed setting means a new run, not a resumed one). */
export interface StoredResume {
  step: number;
  bytes: ArrayBuffer;
  training: boolean;
  config: RunConfig;
  /** The run's curve up to `step` (its last good checkpoint's may be older). */
  points: MetricPoint[];
}

const RESUME_FIELDS: Fields<StoredResume> = { step: isStep, bytes: CHECKPOINT_FIELDS.bytes, training: isBoolean, config: isRunConfig, points: arrayOf(isMetricPoint) };

/** A stored resumable state, or undefined when there is none or it does not fit (it is then
 *  not resumed: the run starts anew at the next Train). */
export function readResume(raw: unknown): StoredResume | undefined {
  const r = isObject(raw) ? migrate(raw) : raw;
  if (!isObject(r) || misfit(r, RESUME_FIELDS) !== null) return undefined;
  const { step, bytes, training, config, points } = r as unknown as StoredResume;
  return { step, bytes, training, config, points };
}
