// Model and training configuration: types, defaults, ranges, and validation that names the field.
// One typed table (NUMERIC_FIELDS) holds the numeric ranges; the UI, URL state and CLI read it too.

import { CELL_KINDS, CELLS, GRU_VARIANTS, NONLINEARITIES, type CellChoice, type CellKind } from './cells/registry.ts';

export type { CellKind, GruVariant, Nonlinearity } from './cells/registry.ts';
export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';
export type ClipMode = 'norm' | 'value' | 'none';

/** The cell (kind and variants: src/model/cells/registry.ts) and the network's shape. */
export interface ModelConfig extends CellChoice {
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
}

export type ScheduleKind = 'constant' | 'warmup-cosine' | 'step';

/**
 * The learning rate over the updates (src/model/schedule.ts learningRateAt), as a factor of the
 * base rate `learningRate`. Every kind keeps all its numbers, so switching kinds loses none:
 *   constant       lr at every update;
 *   warmup-cosine  a linear warm-up over `warmupSteps` updates, then a half cosine down to
 *                  minFactor * lr at update `decaySteps` (counted from the first), flat after;
 *   step           lr * stepFactor^floor(t / stepEvery) (PyTorch's StepLR).
 */
export interface Schedule {
  kind: ScheduleKind;
  warmupSteps: number;
  decaySteps: number;
  minFactor: number;
  stepEvery: number;
  stepFactor: number;
}

export type InitKind = 'pytorch' | 'orthogonal' | 'identity-relu';

/**
 * How the parameters start (src/model/init.ts):
 *   pytorch        PyTorch's default: every tensor U(-1/sqrt(H), 1/sqrt(H)), the decoder's 1/sqrt(in);
 *   orthogonal     as pytorch, then every gate's (H, H) block of W_hh an orthogonal matrix;
 *   identity-relu  a relu RNN only (Le et al. 2015): W_hh = I, biases 0, W_ih ~ N(0, 0.001^2).
 * `carryBias`: the gate that carries the state starts open — the LSTM's forget gate f and the
 * GRU's update gate z get bias 1 (b_ih rows 1, b_hh rows 0); no effect on an RNN.
 */
export interface InitConfig {
  kind: InitKind;
  carryBias: boolean;
}

/**
 * The held-out part of a text, never trained on (src/model/validation.ts): next character holds
 * out the last `fraction` of the text (0: none), lines every `every`-th line (0: none). A
 * classifier keeps its own split (every 5th example of a label); memory tasks draw fresh data.
 */
export interface ValidationSplit {
  fraction: number;
  every: number;
}

export interface TrainConfig {
  seqLen: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerKind;
  clipMode: ClipMode;
  clipValue: number;
  seed: number;
  schedule: Schedule;
  init: InitConfig;
  validation: ValidationSplit;
}

export const DEFAULT_MODEL: ModelConfig = {
  cell: 'lstm',
  hiddenSize: 128,
  numLayers: 1,
  bidirectional: false,
  nonlinearity: 'tanh',
  peephole: false,
  gruVariant: 'pytorch',
};

/** A constant rate; the other kinds' numbers are what they start from when picked. */
export const DEFAULT_SCHEDULE: Schedule = { kind: 'constant', warmupSteps: 100, decaySteps: 2000, minFactor: 0.1, stepEvery: 1000, stepFactor: 0.5 };
export const DEFAULT_INIT: InitConfig = { kind: 'pytorch', carryBias: false };
export const DEFAULT_VALIDATION: ValidationSplit = { fraction: 0.1, every: 10 };
/** No held-out part: the whole text is trained on (the CLI's default, and a file's without one). */
export const NO_VALIDATION: ValidationSplit = { fraction: 0, every: 0 };

/** The settings that are one number or word (the others are objects of their own). */
export type ScalarTrainField = Exclude<keyof TrainConfig, 'schedule' | 'init' | 'validation'>;

export const DEFAULT_TRAIN: TrainConfig = {
  seqLen: 64,
  batchSize: 32,
  learningRate: 0.002,
  optimizer: 'adam',
  clipMode: 'norm',
  clipValue: 5,
  seed: 1,
  schedule: DEFAULT_SCHEDULE,
  init: DEFAULT_INIT,
  validation: DEFAULT_VALIDATION,
};

interface NumericField {
  min: number;
  max: number;
  integer: boolean;
  label: string;
}

export const NUMERIC_FIELDS = {
  hiddenSize: { min: 1, max: 1024, integer: true, label: 'hidden size' },
  numLayers: { min: 1, max: 4, integer: true, label: 'layers' },
  seqLen: { min: 1, max: 1024, integer: true, label: 'sequence length' },
  batchSize: { min: 1, max: 512, integer: true, label: 'batch size' },
  learningRate: { min: 1e-6, max: 10, integer: false, label: 'learning rate' },
  clipValue: { min: 1e-6, max: 1e6, integer: false, label: 'clip threshold' },
  seed: { min: 0, max: 4294967295, integer: true, label: 'seed' },
  warmupSteps: { min: 0, max: 10_000_000, integer: true, label: 'warm-up updates' },
  decaySteps: { min: 1, max: 10_000_000, integer: true, label: 'decay updates' },
  minFactor: { min: 0, max: 1, integer: false, label: 'final learning-rate factor' },
  stepEvery: { min: 1, max: 10_000_000, integer: true, label: 'updates between decays' },
  stepFactor: { min: 0.000001, max: 1, integer: false, label: 'decay factor' },
  valFraction: { min: 0, max: 0.5, integer: false, label: 'held-out fraction' },
  valEvery: { min: 0, max: 1000, integer: true, label: 'held-out line interval' },
} as const satisfies Record<string, NumericField>;

export type NumericFieldName = keyof typeof NUMERIC_FIELDS;

/** The allowed values of every choice setting (the cells' from the registry); the controls, URL state and CLI read it. */
export const CHOICES = {
  cell: CELL_KINDS,
  nonlinearity: NONLINEARITIES,
  gruVariant: GRU_VARIANTS,
  optimizer: ['adam', 'sgd', 'rmsprop'],
  clipMode: ['norm', 'value', 'none'],
  schedule: ['constant', 'warmup-cosine', 'step'],
  init: ['pytorch', 'orthogonal', 'identity-relu'],
} as const;

/** What a ConfigError is about, as data, so an interface can say it in its own language. */
export interface Problem {
  code:
    | 'notNumber' | 'notInteger' | 'range' | 'choice' | 'notBoolean'
    | 'textEmpty' | 'textOneChar' | 'textOneSymbol' | 'textWindow'
    | 'hiddenTooLarge' | 'bufferTooLarge' | 'cpuTooLarge' | 'cpuVocabTooLarge' | 'importFailed' | 'importWindow' | 'fileTooLarge' | 'noModel' | 'required'
    | 'notInVocab'
    | 'tooManyLines' | 'noLines' | 'lineTooLong' | 'noLabel' | 'oneLabel' | 'labelsDiffer' | 'linesOneWay' | 'memoryWindow';
  params: Record<string, string | number>;
}

/** A configuration or input problem, naming the field and saying what would be accepted. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** The same, as data (the English `message` is for logs and the CLI). */
    readonly problem: Problem | null = null,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const problem = (code: Problem['code'], params: Problem['params'] = {}): Problem => ({ code, params });

/**
 * A number as a person writes it in a field, a flag or a link: plain decimal digits with an optional
 * sign and decimal point ("12", "-0.5", ".002"). Anything else is NaN: hex ("0x10"), exponents
 * ("1e1"), padding, an empty string (which Number() reads as 0).
 */
export function parseDecimal(raw: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : NaN;
}

/** Returns the problem with one numeric field, or null when the value is acceptable. */
export function checkNumeric(name: NumericFieldName, value: unknown): ConfigError | null {
  const f: NumericField = NUMERIC_FIELDS[name];
  const got = String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return new ConfigError(name, `${f.label} must be a finite number (got ${got})`, problem('notNumber', { got }));
  if (f.integer && !Number.isInteger(value)) return new ConfigError(name, `${f.label} must be a whole number (got ${got})`, problem('notInteger', { got }));
  if (value < f.min || value > f.max) return new ConfigError(name, `${f.label} must be between ${f.min} and ${f.max} (got ${got})`, problem('range', { min: f.min, max: f.max, got }));
  return null;
}

function checkChoice(name: keyof typeof CHOICES, value: unknown): ConfigError | null {
  const allowed: readonly string[] = CHOICES[name];
  const params = { allowed: allowed.join(', '), got: String(value) };
  return allowed.includes(value as string) ? null : new ConfigError(name, `${name} must be one of ${params.allowed} (got ${params.got})`, problem('choice', params));
}

/** Every problem with a model config; empty when it is valid. */
export function modelConfigErrors(m: ModelConfig): ConfigError[] {
  const errs = [
    checkChoice('cell', m.cell),
    checkNumeric('hiddenSize', m.hiddenSize),
    checkNumeric('numLayers', m.numLayers),
    checkChoice('nonlinearity', m.nonlinearity),
    checkChoice('gruVariant', m.gruVariant),
    typeof m.bidirectional === 'boolean' ? null : new ConfigError('bidirectional', 'bidirectional must be true or false', problem('notBoolean')),
    typeof m.peephole === 'boolean' ? null : new ConfigError('peephole', 'peephole must be true or false', problem('notBoolean')),
  ];
  return errs.filter((e): e is ConfigError => e !== null);
}

/** Every problem with a training config; empty when it is valid. */
export function trainConfigErrors(t: TrainConfig): ConfigError[] {
  const errs = [
    checkNumeric('seqLen', t.seqLen),
    checkNumeric('batchSize', t.batchSize),
    checkNumeric('learningRate', t.learningRate),
    checkChoice('optimizer', t.optimizer),
    checkChoice('clipMode', t.clipMode),
    t.clipMode === 'none' ? null : checkNumeric('clipValue', t.clipValue),
    checkNumeric('seed', t.seed),
    ...scheduleErrors(t.schedule),
    checkChoice('init', t.init.kind),
    typeof t.init.carryBias === 'boolean' ? null : new ConfigError('carryBias', 'carryBias must be true or false', problem('notBoolean')),
    checkNumeric('valFraction', t.validation.fraction),
    valEveryError(t.validation.every),
  ];
  return errs.filter((e): e is ConfigError => e !== null);
}

function scheduleErrors(s: Schedule): (ConfigError | null)[] {
  const errs: (ConfigError | null)[] = [checkChoice('schedule', s.kind)];
  if (s.kind === 'warmup-cosine') {
    errs.push(checkNumeric('warmupSteps', s.warmupSteps), checkNumeric('decaySteps', s.decaySteps), checkNumeric('minFactor', s.minFactor));
    if (!errs.some(Boolean) && s.decaySteps <= s.warmupSteps) {
      const params = { min: s.warmupSteps + 1, max: NUMERIC_FIELDS.decaySteps.max, got: s.decaySteps };
      errs.push(new ConfigError('decaySteps', `decay updates must be more than the ${s.warmupSteps} warm-up updates (got ${s.decaySteps})`, problem('range', params)));
    }
  }
  if (s.kind === 'step') errs.push(checkNumeric('stepEvery', s.stepEvery), checkNumeric('stepFactor', s.stepFactor));
  return errs;
}

/** Every k-th line held out: 0 (none) or from 2 (holding out every line would train on none). */
function valEveryError(every: number): ConfigError | null {
  const err = checkNumeric('valEvery', every);
  if (err || every !== 1) return err;
  return new ConfigError('valEvery', `held-out line interval must be 0 (none) or between 2 and ${NUMERIC_FIELDS.valEvery.max} (got 1)`, problem('range', { min: 2, max: NUMERIC_FIELDS.valEvery.max, got: 1 }));
}

/** The initialisation's fit to the cell: identity W_hh is for a relu RNN only (field 'init'). */
export function initModelError(m: ModelConfig, init: InitConfig): ConfigError | null {
  if (init.kind !== 'identity-relu' || (m.cell === 'rnn' && m.nonlinearity === 'relu')) return null;
  const params = { allowed: CHOICES.init.filter((k) => k !== 'identity-relu').join(', '), got: init.kind };
  return new ConfigError('init', `identity-relu starts a relu RNN (Le et al. 2015): for this cell, init must be one of ${params.allowed} (got ${params.got})`, problem('choice', params));
}

/** Problems with the training text for a sequence length; empty when it can be trained on. */
export function textErrors(text: string, seqLen: number): ConfigError[] {
  let length = 0;
  const distinct = new Set<string>();
  for (const ch of text) {
    length++;
    if (distinct.size < 2) distinct.add(ch);
  }
  if (length === 0) return [new ConfigError('text', 'The training text is empty: type or paste some text.', problem('textEmpty'))];
  if (length < 2) return [new ConfigError('text', 'The training text needs at least two characters: one to read, one to predict.', problem('textOneChar'))];
  if (distinct.size < 2) return [new ConfigError('text', 'The training text has a single distinct character: there is nothing to learn. Add a second one.', problem('textOneSymbol'))];
  if (length < seqLen + 1) {
    const params = { length, window: seqLen + 1, max: length - 1 };
    return [new ConfigError('seqLen', `The text has ${length} characters, shorter than one window of ${seqLen + 1}: use a sequence length of at most ${length - 1}.`, problem('textWindow', params))];
  }
  return [];
}

/** Throws the first problem (a ConfigError) with the model, the training config or the text. */
export function assertValid(model: ModelConfig, train: TrainConfig, text?: string): void {
  const first = [...modelConfigErrors(model), ...trainConfigErrors(train), initModelError(model, train.init), ...(text === undefined ? [] : textErrors(text, train.seqLen))].find((e) => e !== null);
  if (first) throw first;
}

/** Gates per cell (the registry's): RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n). */
export function gateCount(cell: CellKind): number {
  return CELLS[cell].gateCount;
}

export function directions(m: ModelConfig): number {
  return m.bidirectional ? 2 : 1;
}
