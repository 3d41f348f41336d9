// Settings and seed in the URL hash, so a shared link reproduces the run (and carries the text
// when it is short). One typed table maps every URL key to its setting; values that do not pass
// the same validation as the controls are ignored.
import { CHOICES, checkNumeric, type ModelConfig, type NumericFieldName, type TrainConfig } from '../model/config.ts';
import type { TaskMode } from '../model/tasks.ts';

const MODES: readonly TaskMode[] = ['lm', 'lines', 'classify'];

export const MAX_URL_TEXT = 400; // code points

type Target = { in: 'model'; key: keyof ModelConfig } | { in: 'train'; key: keyof TrainConfig };

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
];

export interface UrlState {
  model: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  text?: string;
  mode?: TaskMode;
}

export function encodeHash(model: ModelConfig, train: TrainConfig, text: string, mode: TaskMode = 'lm'): string {
  const q = new URLSearchParams();
  if (mode !== 'lm') q.set('mode', mode);
  for (const e of URL_TABLE) {
    const v = e.target.in === 'model' ? model[e.target.key] : train[e.target.key];
    q.set(e.url, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  if ([...text].length <= MAX_URL_TEXT) q.set('text', text);
  return `#${q.toString()}`;
}

export function decodeHash(hash: string): UrlState {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const out: UrlState = { model: {}, train: {} };
  for (const e of URL_TABLE) {
    const raw = q.get(e.url);
    if (raw === null) continue;
    let value: unknown;
    if (e.kind === 'boolean') value = raw === '1' ? true : raw === '0' ? false : undefined;
    else if (e.kind === 'choice') value = e.choices!.includes(raw) ? raw : undefined;
    else value = checkNumeric(e.target.key as NumericFieldName, Number(raw)) === null ? Number(raw) : undefined;
    if (value === undefined) continue;
    (out[e.target.in] as Record<string, unknown>)[e.target.key] = value;
  }
  const text = q.get('text');
  if (text) out.text = text;
  const mode = MODES.find((m) => m === q.get('mode'));
  if (mode) out.mode = mode;
  return out;
}
