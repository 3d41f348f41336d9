// The memory tasks: synthetic sequences that need a memory of a given reach, made fresh by a seeded
// generator for every batch (never a fixed data set). One table (MEMORY_TASKS) says, per task, the
// knobs it reads with their ranges and defaults, which knob is its difficulty, and the default
// sweep; the page, the URL state and the CLI read it. Every sequence of a task at given knobs has
// the same length T (memoryLength), so a run builds one network; targets are -1 except at the
// answer positions, and loss and accuracy count only those (the mask of network.ts / softmax_xent).
// The generators themselves: memory-generators.ts.
import { ConfigError, NUMERIC_FIELDS, problem } from './config.ts';
import { vocabFromSymbols, type Vocab } from './vocab.ts';

export const MEMORY_KINDS = ['copy', 'recall', 'parity', 'brackets', 'counting', 'order'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];
export const MEMORY_KNOBS = ['delay', 'symbols', 'length', 'depth'] as const;
export type MemoryKnob = (typeof MEMORY_KNOBS)[number];

/** A memory task and its knobs (a knob the task does not read is kept, and ignored). */
export interface MemoryConfig extends Record<MemoryKnob, number> {
  task: MemoryKind;
}

interface KnobRange {
  min: number;
  max: number;
  default: number;
}

interface MemoryTaskSpec {
  /** The knobs this task reads, in the order the page and the CLI's help list them. */
  knobs: Partial<Record<MemoryKnob, KnobRange>>;
  /** The knob a sweep varies. */
  difficulty: 'delay' | 'length' | 'depth';
  /** The difficulties of the default sweep. */
  sweep: readonly number[];
}

const SYMBOLS = { min: 2, max: 26, default: 8 };
/** The range's end of the difficulties; the window (MAX_MEMORY_LENGTH) usually binds first, and
 *  its message names the largest value that fits. */
const LONG = 100_000;

export const MEMORY_TASKS: Record<MemoryKind, MemoryTaskSpec> = {
  copy: { knobs: { length: { min: 1, max: 100, default: 3 }, symbols: SYMBOLS, delay: { min: 0, max: LONG, default: 10 } }, difficulty: 'delay', sweep: [5, 10, 20, 40, 80] },
  recall: { knobs: { symbols: SYMBOLS, delay: { min: 0, max: LONG, default: 10 } }, difficulty: 'delay', sweep: [5, 10, 20, 40, 80] },
  parity: { knobs: { length: { min: 1, max: LONG, default: 8 } }, difficulty: 'length', sweep: [2, 3, 4, 6, 8] },
  brackets: { knobs: { depth: { min: 1, max: LONG, default: 3 } }, difficulty: 'depth', sweep: [2, 4, 8, 16, 32] },
  counting: { knobs: { length: { min: 1, max: LONG, default: 8 } }, difficulty: 'length', sweep: [2, 5, 10, 20, 40] },
  order: { knobs: { symbols: { ...SYMBOLS, default: 4 }, delay: { min: 2, max: LONG, default: 10 } }, difficulty: 'delay', sweep: [5, 10, 20, 40, 80] },
};

/** The tokens, one code point each (vocabularies are code points: vocab.ts). */
export const TOKEN = {
  blank: '_', // nothing to read here (delays, answer positions, padding)
  go: ':', // copy: write the symbols now; counting: write the b's now
  query: '?', // recall, order: answer now
  equals: '=', // parity: answer now
  end: '.', // counting: the end of the b's
} as const;
/** The symbols of copy, recall and order's distractors: the first `symbols` letters. */
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** order: the two relevant symbols, and its four answers (which of XX, XY, YX, YY occurred). */
export const ORDER_MARKS = 'XY';
export const ORDER_ANSWERS = '0123';
const ORDER_NAMES = ['XX', 'XY', 'YX', 'YY'];

/** The default knobs of a task. */
export function memoryDefaults(task: MemoryKind): MemoryConfig {
  const knobs = MEMORY_TASKS[task].knobs;
  return { task, delay: knobs.delay?.default ?? 10, symbols: knobs.symbols?.default ?? 8, length: knobs.length?.default ?? 5, depth: knobs.depth?.default ?? 3 };
}

/** The knobs a task reads, in order. */
export const taskKnobs = (task: MemoryKind): MemoryKnob[] => Object.keys(MEMORY_TASKS[task].knobs) as MemoryKnob[];

/** Time steps of every sequence of the task. */
export function memoryLength(c: MemoryConfig): number {
  switch (c.task) {
    case 'copy': return 2 * c.length + c.delay + 1; // k symbols, D blanks, go, k answers
    case 'recall': return c.delay + 2; // the symbol, D distractors, the query
    case 'parity': return c.length + 1; // N bits, '='
    case 'brackets': return 4 * c.depth; // a balanced sequence of 2·depth pairs
    case 'counting': return 2 * c.length + 1; // a^n : b^n, padded to the longest n
    case 'order': return c.delay + 1; // D symbols holding X/Y twice, the query
  }
}

/** The longest sequence a run may train on: the longest window a network is built for. */
export const MAX_MEMORY_LENGTH = NUMERIC_FIELDS.seqLen.max;

/** The vocabulary of a task: every token it can read or answer, in code-point order. */
export function memoryVocab(c: MemoryConfig): Vocab {
  const tokens = (() => {
    switch (c.task) {
      case 'copy': return LETTERS.slice(0, c.symbols) + TOKEN.blank + TOKEN.go;
      case 'recall': return LETTERS.slice(0, c.symbols) + TOKEN.query;
      case 'parity': return '01' + TOKEN.equals;
      case 'brackets': return '()[]' + TOKEN.blank;
      case 'counting': return 'ab' + TOKEN.go + TOKEN.end + TOKEN.blank;
      case 'order': return LETTERS.slice(0, c.symbols) + ORDER_MARKS + ORDER_ANSWERS + TOKEN.query;
    }
  })();
  return vocabFromSymbols([...tokens].sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!));
}

/** How a token reads to a person: order's answers name the pair they stand for. */
export function tokenLabel(c: MemoryConfig, symbol: string): string {
  const i = c.task === 'order' ? ORDER_ANSWERS.indexOf(symbol) : -1;
  return i >= 0 ? ORDER_NAMES[i]! : symbol;
}

/**
 * The accuracy of the best guess that remembers nothing of the sequence: one in `symbols` for copy
 * and recall, a coin for parity and brackets (two closers), one in four for order; counting's
 * answers are mostly b (n of the n + 1), so always writing b scores (L + 1) / (L + 3) on average
 * over n uniform in 1..L.
 */
export function chanceLevel(c: MemoryConfig): number {
  switch (c.task) {
    case 'copy':
    case 'recall': return 1 / c.symbols;
    case 'parity':
    case 'brackets': return 1 / 2;
    case 'counting': return (c.length + 1) / (c.length + 3);
    case 'order': return 1 / 4;
  }
}

/** Every problem with a memory config (each names its knob); empty when it is valid. */
export function memoryConfigErrors(c: MemoryConfig): ConfigError[] {
  if (!(MEMORY_KINDS as readonly string[]).includes(c.task)) {
    const params = { allowed: MEMORY_KINDS.join(', '), got: String(c.task) };
    return [new ConfigError('task', `task must be one of ${params.allowed} (got ${params.got})`, problem('choice', params))];
  }
  const errors: ConfigError[] = [];
  for (const knob of taskKnobs(c.task)) {
    const r = MEMORY_TASKS[c.task].knobs[knob]!;
    const v = c[knob];
    const got = String(v);
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(new ConfigError(knob, `${knob} must be a finite number (got ${got})`, problem('notNumber', { got })));
    else if (!Number.isInteger(v)) errors.push(new ConfigError(knob, `${knob} must be a whole number (got ${got})`, problem('notInteger', { got })));
    else if (v < r.min || v > r.max) errors.push(new ConfigError(knob, `${knob} must be between ${r.min} and ${r.max} for ${c.task} (got ${got})`, problem('range', { min: r.min, max: r.max, got })));
  }
  if (errors.length > 0) return errors;
  const T = memoryLength(c);
  if (T > MAX_MEMORY_LENGTH) {
    const knob = MEMORY_TASKS[c.task].difficulty;
    let max = MEMORY_TASKS[c.task].knobs[knob]!.min; // the lengths grow by at most 4 per step of a knob
    while (memoryLength({ ...c, [knob]: max + 1 }) <= MAX_MEMORY_LENGTH) max++;
    const params = { length: T, window: MAX_MEMORY_LENGTH, max };
    errors.push(new ConfigError(knob, `These sequences are ${T} steps long, more than the ${MAX_MEMORY_LENGTH} a network is built for: use a ${knob} of at most ${max}.`, problem('memoryWindow', params)));
  }
  return errors;
}

/** Throws the first problem with a memory config (a ConfigError naming the knob). */
export function assertMemoryValid(c: MemoryConfig): void {
  const first = memoryConfigErrors(c)[0];
  if (first) throw first;
}
