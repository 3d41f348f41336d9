// The three shapes of a recurrent task, and how the person's text becomes one:
//   lm        many-to-many: next character over one stream of text (the default);
//   lines     one-to-many: each line its own sequence, framed by a start and an end token that
//             are part of the vocabulary (START, END), the state reset at every line;
//   classify  many-to-one: lines `sentence<TAB>label`, a label predicted from the final state;
//   memory    a synthetic memory task (memory-tasks.ts): fresh generated sequences, no text.
// Parsing never throws on the person's text except for what makes training impossible; what it
// had to skip or decide is reported as notes. Problems are ConfigErrors on the 'text' field.
import { ConfigError, problem, type ModelConfig } from './config.ts';
import { assertMemoryValid, memoryLength, memoryVocab, type MemoryConfig } from './memory-tasks.ts';
import { buildVocab, codePoints, type Vocab } from './vocab.ts';

/** The task modes, in the order the page lists them. */
export const TASK_MODES = ['lm', 'lines', 'classify', 'memory'] as const;
export type TaskMode = (typeof TASK_MODES)[number];

/** Start and end tokens of line mode: control characters no typed text contains (stripped if it does). */
export const START = '\u0002';
export const END = '\u0003';
/** Longest line (code points) a sequence may have, and most lines a text may have. */
export const MAX_LINE = 256;
export const MAX_LINES = 20_000;
/** Every HOLDOUT_EVERY-th example of a label is held out to measure accuracy. */
export const HOLDOUT_EVERY = 5;

/** Something parsing decided that the person should know. */
export type TaskNote =
  | { code: 'emptyLinesSkipped'; count: number }
  | { code: 'singletonLabels'; labels: string[] }
  | { code: 'tokensStripped'; count: number };

export interface LineTask {
  mode: 'lines';
  /** The lines (without START/END). */
  lines: string[];
  /** START, END and every character of the lines. */
  vocab: Vocab;
  notes: TaskNote[];
}

export interface Example {
  text: string;
  /** Index into the task's labels. */
  label: number;
}

export interface ClassifyTask {
  mode: 'classify';
  /** Sorted by code point. */
  labels: string[];
  train: Example[];
  heldOut: Example[];
  vocab: Vocab;
  notes: TaskNote[];
}

export interface MemoryTask {
  mode: 'memory';
  config: MemoryConfig;
  /** Every token of the task (memoryVocab). */
  vocab: Vocab;
  notes: TaskNote[];
}

export type SequenceTask = LineTask | ClassifyTask | MemoryTask;

/** The memory task of `config`; throws a ConfigError naming the knob when it is not valid. */
export function memoryTask(config: MemoryConfig): MemoryTask {
  assertMemoryValid(config);
  return { mode: 'memory', config, vocab: memoryVocab(config), notes: [] };
}

const textError = (message: string, code: Parameters<typeof problem>[0], params: Record<string, string | number> = {}) => new ConfigError('text', message, problem(code, params));

/** Non-empty lines of the text with their 1-based line numbers; START/END characters stripped. */
function splitLines(text: string): { lines: { n: number; text: string }[]; empty: number; stripped: number } {
  const raw = text.split(/\r?\n/);
  if (raw.length > 1 && raw.at(-1) === '') raw.pop(); // a final newline ends the last line, it adds none
  if (raw.length > MAX_LINES) throw textError(`The text has ${raw.length} lines; line and classification modes take at most ${MAX_LINES}.`, 'tooManyLines', { count: raw.length, max: MAX_LINES });
  let empty = 0;
  let stripped = 0;
  const lines: { n: number; text: string }[] = [];
  raw.forEach((line, i) => {
    const clean = line.replaceAll(START, '').replaceAll(END, '');
    stripped += line.length - clean.length;
    if (clean.trim() === '') empty++;
    else lines.push({ n: i + 1, text: clean });
  });
  return { lines, empty, stripped };
}

function checkLength(n: number, text: string): void {
  const length = codePoints(text).length;
  if (length > MAX_LINE) throw textError(`Line ${n} has ${length} characters; a sequence can have at most ${MAX_LINE}. Split it into shorter lines.`, 'lineTooLong', { line: n, length, max: MAX_LINE });
}

function commonNotes(empty: number, stripped: number): TaskNote[] {
  const notes: TaskNote[] = [];
  if (empty > 0) notes.push({ code: 'emptyLinesSkipped', count: empty });
  if (stripped > 0) notes.push({ code: 'tokensStripped', count: stripped });
  return notes;
}

/** Line mode: each non-empty line is a sequence START line END. */
export function parseLines(text: string): LineTask {
  const { lines, empty, stripped } = splitLines(text);
  if (lines.length === 0) throw textError('There are no lines to learn: type one sequence per line (names, short poems, commands).', 'noLines');
  for (const l of lines) checkLength(l.n, l.text);
  const texts = lines.map((l) => l.text);
  return { mode: 'lines', lines: texts, vocab: buildVocab(START + END + texts.join('')), notes: commonNotes(empty, stripped) };
}

/**
 * Classification: each non-empty line is `sentence<TAB>label` (split at the last tab). Labels are
 * sorted; every HOLDOUT_EVERY-th example of a label is held out, except for a label with a single
 * example, which is kept for training (and noted).
 */
export function parseExamples(text: string): ClassifyTask {
  const { lines, empty, stripped } = splitLines(text);
  const parsed: { n: number; text: string; label: string }[] = [];
  const unlabelled: number[] = [];
  for (const l of lines) {
    const tab = l.text.lastIndexOf('\t');
    const sentence = tab < 0 ? '' : l.text.slice(0, tab).trim();
    const label = tab < 0 ? '' : l.text.slice(tab + 1).trim();
    if (sentence === '' || label === '') unlabelled.push(l.n);
    else {
      checkLength(l.n, sentence);
      parsed.push({ n: l.n, text: sentence, label });
    }
  }
  if (unlabelled.length > 0) {
    const shown = unlabelled.slice(0, 5).join(', ') + (unlabelled.length > 5 ? ', …' : '');
    throw textError(`Line ${shown} ${unlabelled.length === 1 ? 'is' : 'are'} not \`sentence<TAB>label\`: write the sentence, a tab, then its label.`, 'noLabel', { lines: shown, count: unlabelled.length });
  }
  const labels = [...new Set(parsed.map((p) => p.label))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length < 2) {
    throw textError(labels.length === 0 ? 'There are no examples: write lines like `what time is it<TAB>ask_time`.' : `Every example has the label "${labels[0]}": a classifier needs at least two labels to choose between.`, labels.length === 0 ? 'noLines' : 'oneLabel', { only: labels[0] ?? '' });
  }
  const index = new Map(labels.map((l, i) => [l, i]));
  const count = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const p of parsed) count.set(p.label, (count.get(p.label) ?? 0) + 1);
  const train: Example[] = [];
  const heldOut: Example[] = [];
  for (const p of parsed) {
    const k = seen.get(p.label) ?? 0;
    seen.set(p.label, k + 1);
    const ex = { text: p.text, label: index.get(p.label)! };
    if (count.get(p.label)! > 1 && k % HOLDOUT_EVERY === HOLDOUT_EVERY - 1) heldOut.push(ex);
    else train.push(ex);
  }
  const notes = commonNotes(empty, stripped);
  const singletons = labels.filter((l) => count.get(l) === 1);
  if (singletons.length > 0) notes.push({ code: 'singletonLabels', labels: singletons });
  return { mode: 'classify', labels, train, heldOut, vocab: buildVocab(parsed.map((p) => p.text).join('')), notes };
}

/** A model the task cannot use: a line model generates left to right, so its layers are one-way. */
export function taskModelError(mode: TaskMode, model: ModelConfig): ConfigError | null {
  if (mode !== 'lines' || !model.bidirectional) return null;
  return new ConfigError('bidirectional', 'A line model generates left to right, so its layers are one-way (a classifier can be bidirectional).', problem('linesOneWay'));
}

/**
 * The task of `text` in a sequence mode (parseLines or parseExamples); throws their ConfigErrors.
 * With `model` (an imported or initial model's vocabulary and labels) the task reads with that
 * vocabulary, and a classifier's labels must be the text's (else a ConfigError 'labelsDiffer').
 */
export function parseTask(mode: TextTaskMode, text: string, model?: { vocab: Vocab; labels?: readonly string[] }): LineTask | ClassifyTask {
  const task = mode === 'lines' ? parseLines(text) : parseExamples(text);
  if (!model) return task;
  if (task.mode === 'classify' && task.labels.join('\t') !== (model.labels ?? []).join('\t')) {
    const params = { theirs: (model.labels ?? []).join(', '), ours: task.labels.join(', ') };
    throw textError(`The model's labels (${params.theirs}) are not the text's (${params.ours}).`, 'labelsDiffer', params);
  }
  return { ...task, vocab: model.vocab };
}

/** The sequence modes whose task is read from the person's text. */
export type TextTaskMode = Exclude<TaskMode, 'lm' | 'memory'>;

/** The texts a task reads: its lines, or every example's sentence (training and held out); a
 *  memory task reads none. */
export function taskTexts(task: SequenceTask): string[] {
  if (task.mode === 'memory') return [];
  return task.mode === 'lines' ? task.lines : [...task.train, ...task.heldOut].map((e) => e.text);
}

/** Mean time steps of a task's training sequences: what a step of B sequences reads, on average. */
export function meanLength(task: SequenceTask): number {
  if (task.mode === 'memory') return memoryLength(task.config);
  const lengths = task.mode === 'lines' ? task.lines.map((l) => codePoints(l).length + 1) : task.train.map((e) => codePoints(e.text).length);
  return lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
}
