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

export interface TrainConfig {
  seqLen: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerKind;
  clipMode: ClipMode;
  clipValue: number;
  seed: number;
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

export const DEFAULT_TRAIN: TrainConfig = {
  seqLen: 64,
  batchSize: 32,
  learningRate: 0.002,
  optimizer: 'adam',
  clipMode: 'norm',
  clipValue: 5,
  seed: 1,
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
} as const satisfies Record<string, NumericField>;

export type NumericFieldName = keyof typeof NUMERIC_FIELDS;

/** The allowed values of every choice setting (the cells' from the registry); the controls, URL state and CLI read it. */
export const CHOICES = {
  cell: CELL_KINDS,
  nonlinearity: NONLINEARITIES,
  gruVariant: GRU_VARIANTS,
  optimizer: ['adam', 'sgd', 'rmsprop'],
  clipMode: ['norm', 'value', 'none'],
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
  ];
  return errs.filter((e): e is ConfigError => e !== null);
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
  const first = [...modelConfigErrors(model), ...trainConfigErrors(train), ...(text === undefined ? [] : textErrors(text, train.seqLen))][0];
  if (first) throw first;
}

/** Gates per cell (the registry's): RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n). */
export function gateCount(cell: CellKind): number {
  return CELLS[cell].gateCount;
}

export function directions(m: ModelConfig): number {
  return m.bidirectional ? 2 : 1;
}
