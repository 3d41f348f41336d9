// Settings and seed in the URL hash, so a shared link reproduces the run (and carries the text
// when it is short). One typed table maps every URL key to its setting; numbers are read strictly
// (decimal only: parseDecimal), and values that do not pass the same validation as the controls
// are dropped, each named (key, value, why) so the page can say so. A memory task travels as its
// `task` and the knobs that task reads. The schedule, initialisation and validation split travel
// as keys of their own (a link without them gets the defaults).
import { checkNumeric, CHOICES, DEFAULT_TRAIN, NUMERIC_FIELDS, parseDecimal, type ModelConfig, type NumericFieldName, type TrainConfig } from '../model/config.ts';
import type { TaskMode } from '../model/tasks.ts';
import { TASK_MODES } from '../model/tasks.ts';
import { MEMORY_KINDS, MEMORY_TASKS, memoryConfigErrors, memoryDefaults, taskKnobs, type MemoryConfig } from '../model/memory-tasks.ts';

export const MAX_URL_TEXT = 400; // code points

/** The training settings held in an object of their own (schedule, init, validation split). */
type Nested = 'schedule' | 'init' | 'validation';
type Target = { in: 'model'; key: keyof ModelConfig } | { in: 'train'; key: Exclude<keyof TrainConfig, Nested> } | { in: Nested; key: string; numeric?: NumericFieldName };

interface Entry {
  url: string;
  target: Target;
  /** Allowed values for choices; absent for numbers (checked by checkNumeric) and booleans. */
  choices?: readonly string[];
  kind: 'number' | 'choice' | 'boolean';
}

export const URL_TABLE: readonly Entry[] = [
  { url: 'cell', target: { in: 'model', key: 'cell' }, kind: 'choice', choices: CHOICES.cell },
  { url: 'hidden', target: { in: 'model', key: 'hiddenSize' }, kind: 'number' },
  { url: 'layers', target: { in: 'model', key: 'numLayers' }, kind: 'number' },
  { url: 'bidir', target: { in: 'model', key: 'bidirectional' }, kind: 'boolean' },
  { url: 'act', target: { in: 'model', key: 'nonlinearity' }, kind: 'choice', choices: CHOICES.nonlinearity },
  { url: 'peep', target: { in: 'model', key: 'peephole' }, kind: 'boolean' },
  { url: 'gru', target: { in: 'model', key: 'gruVariant' }, kind: 'choice', choices: CHOICES.gruVariant },
  { url: 'T', target: { in: 'train', key: 'seqLen' }, kind: 'number' },
  { url: 'B', target: { in: 'train', key: 'batchSize' }, kind: 'number' },
  { url: 'lr', target: { in: 'train', key: 'learningRate' }, kind: 'number' },
  { url: 'opt', target: { in: 'train', key: 'optimizer' }, kind: 'choice', choices: CHOICES.optimizer },
  { url: 'clip', target: { in: 'train', key: 'clipMode' }, kind: 'choice', choices: CHOICES.clipMode },
  { url: 'clipv', target: { in: 'train', key: 'clipValue' }, kind: 'number' },
  { url: 'seed', target: { in: 'train', key: 'seed' }, kind: 'number' },
  { url: 'sched', target: { in: 'schedule', key: 'kind' }, kind: 'choice', choices: CHOICES.schedule },
  { url: 'warm', target: { in: 'schedule', key: 'warmupSteps', numeric: 'warmupSteps' }, kind: 'number' },
  { url: 'decay', target: { in: 'schedule', key: 'decaySteps', numeric: 'decaySteps' }, kind: 'number' },
  { url: 'lrmin', target: { in: 'schedule', key: 'minFactor', numeric: 'minFactor' }, kind: 'number' },
  { url: 'every', target: { in: 'schedule', key: 'stepEvery', numeric: 'stepEvery' }, kind: 'number' },
  { url: 'gamma', target: { in: 'schedule', key: 'stepFactor', numeric: 'stepFactor' }, kind: 'number' },
  { url: 'init', target: { in: 'init', key: 'kind' }, kind: 'choice', choices: CHOICES.init },
  { url: 'carry', target: { in: 'init', key: 'carryBias' }, kind: 'boolean' },
  { url: 'val', target: { in: 'validation', key: 'fraction', numeric: 'valFraction' }, kind: 'number' },
  { url: 'valk', target: { in: 'validation', key: 'every', numeric: 'valEvery' }, kind: 'number' },
];

/** The numeric field of config.ts that checks an entry's number. */
const numericName = (t: Target): NumericFieldName => ('numeric' in t && t.numeric ? t.numeric : (t.key as NumericFieldName));

/** The value an entry holds in the settings. */
function valueOf(t: Target, model: ModelConfig, train: TrainConfig): unknown {
  if (t.in === 'model') return model[t.key];
  if (t.in === 'train') return train[t.key];
  return (train[t.in] as unknown as Record<string, unknown>)[t.key];
}

/** Why a link's value was dropped: not a decimal number, not whole, out of range, not one of the
 *  choices, not 0 or 1, or a key this page does not know. */
export type LinkReason = 'number' | 'integer' | 'range' | 'choice' | 'boolean' | 'key';

export interface LinkProblem {
  key: string;
  /** The value as the link has it (shortened when long). */
  value: string;
  reason: LinkReason;
  /** What would be accepted: min and max, or the allowed values. */
  params: Record<string, string | number>;
}

export interface UrlState {
  model: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  text?: string;
  mode?: TaskMode;
  /** The memory task of the link (`task` and its knobs; a knob not given: the task's default). */
  memory?: MemoryConfig;
  /** The lesson chapter the link opens (`learn`, 1-based). */
  learn?: number;
  /** The values the link had that were not applied. */
  dropped: LinkProblem[];
}

const NUMBER_REASONS: Record<string, LinkReason> = { notNumber: 'number', notInteger: 'integer', range: 'range' };

/** Why a value does not fit its entry, or null when it does. */
function misfit(e: Entry, raw: string): Pick<LinkProblem, 'reason' | 'params'> | { value: unknown } {
  if (e.kind === 'boolean') return raw === '1' ? { value: true } : raw === '0' ? { value: false } : { reason: 'boolean', params: {} };
  if (e.kind === 'choice') return e.choices!.includes(raw) ? { value: raw } : { reason: 'choice', params: { allowed: e.choices!.join(', ') } };
  const n = parseDecimal(raw);
  const err = checkNumeric(numericName(e.target), n);
  if (!err) return { value: n };
  const code = err.problem?.code ?? 'notNumber';
  const { min, max } = NUMERIC_FIELDS[numericName(e.target)];
  return { reason: NUMBER_REASONS[code] ?? 'number', params: code === 'range' ? { min, max } : {} };
}

const shorten = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

export function encodeHash(model: ModelConfig, train: TrainConfig, text: string, mode: TaskMode = 'lm', memory?: MemoryConfig): string {
  const q = new URLSearchParams();
  if (mode !== 'lm') q.set('mode', mode);
  if (mode === 'memory' && memory) {
    q.set('task', memory.task);
    for (const knob of taskKnobs(memory.task)) q.set(knob, String(memory[knob]));
  }
  for (const e of URL_TABLE) {
    const v = valueOf(e.target, model, train);
    q.set(e.url, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  if ([...text].length <= MAX_URL_TEXT) q.set('text', text);
  return `#${q.toString()}`;
}

/** The key of a lesson chapter's link: `#learn=4` opens the Learn panel at chapter 4. */
export const LEARN_KEY = 'learn';

/** Reads a link; `lessons` is how many lesson chapters there are (a `learn` beyond them is dropped). */
export function decodeHash(hash: string, lessons = 0): UrlState {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const out: UrlState = { model: {}, train: {}, dropped: [] };
  for (const e of URL_TABLE) {
    const raw = q.get(e.url);
    if (raw === null) continue;
    const got = misfit(e, raw);
    const t = e.target;
    if ('value' in got) {
      if (t.in === 'model' || t.in === 'train') (out[t.in] as Record<string, unknown>)[t.key] = got.value;
      else out.train[t.in] = { ...(out.train[t.in] ?? DEFAULT_TRAIN[t.in]), [t.key]: got.value } as never;
    } else out.dropped.push({ key: e.url, value: shorten(raw), ...got });
  }
  const text = q.get('text');
  if (text) out.text = text;
  const mode = q.get('mode');
  if (mode !== null) {
    const known = TASK_MODES.find((m) => m === mode);
    if (known) out.mode = known;
    else out.dropped.push({ key: 'mode', value: shorten(mode), reason: 'choice', params: { allowed: TASK_MODES.join(', ') } });
  }
  const memory = decodeMemory(q, out.dropped);
  if (memory) out.memory = memory;
  const learn = q.get(LEARN_KEY);
  if (learn !== null) {
    const n = parseDecimal(learn);
    if (Number.isInteger(n) && n >= 1 && n <= lessons) out.learn = n;
    else out.dropped.push({ key: LEARN_KEY, value: shorten(learn), reason: Number.isNaN(n) ? 'number' : Number.isInteger(n) ? 'range' : 'integer', params: Number.isInteger(n) ? { min: 1, max: lessons } : {} });
  }
  const keys = new Set(['text', 'mode', 'task', LEARN_KEY, ...(memory ? taskKnobs(memory.task) : []), ...URL_TABLE.map((e) => e.url)]);
  for (const [key, value] of q) if (!keys.has(key)) out.dropped.push({ key: shorten(key), value: shorten(value), reason: 'key', params: {} });
  return out;
}

/** The link's memory task: `task` and the knobs it reads, each checked as the picker checks it (a
 *  knob the task does not read is not a setting here: dropped as an unknown key); a knob that makes
 *  the sequence too long is dropped with the range that fits. */
function decodeMemory(q: URLSearchParams, dropped: LinkProblem[]): MemoryConfig | undefined {
  const raw = q.get('task');
  if (raw === null) return undefined;
  const task = MEMORY_KINDS.find((k) => k === raw);
  if (!task) {
    dropped.push({ key: 'task', value: shorten(raw), reason: 'choice', params: { allowed: MEMORY_KINDS.join(', ') } });
    return undefined;
  }
  const memory = memoryDefaults(task);
  for (const knob of taskKnobs(task)) {
    const value = q.get(knob);
    if (value === null) continue;
    const n = parseDecimal(value);
    const problem = memoryConfigErrors({ ...memory, [knob]: n }).find((e) => e.field === knob)?.problem;
    if (!problem) memory[knob] = n;
    else {
      const { min } = MEMORY_TASKS[task].knobs[knob]!;
      const max = problem.code === 'memoryWindow' ? Number(problem.params.max) : MEMORY_TASKS[task].knobs[knob]!.max;
      dropped.push({ key: knob, value: shorten(value), reason: NUMBER_REASONS[problem.code] ?? 'range', params: problem.code === 'notInteger' || problem.code === 'notNumber' ? {} : { min, max } });
    }
  }
  return memory;
}
