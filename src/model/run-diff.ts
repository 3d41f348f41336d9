// What changed between two runs' settings, as data: the cell, every model and training setting
// that matters to the run (a variant knob only for its own cell, the clip threshold only while
// clipping, the sequence length only for next-character runs), the task and its knobs, and the
// text (by a fingerprint). The page names each run by it, in either language
// (src/ui/run-diff-text.ts): `GRU -> LSTM, lr 0.003 -> 0.01, + peepholes`.
import { CELLS, type CellKind } from './cells/registry.ts';
import { DEFAULT_MODEL, type ModelConfig, type TrainConfig } from './config.ts';
import type { MemoryConfig } from './memory-tasks.ts';
import type { TaskMode } from './tasks.ts';

/** What a run was trained with: enough to say how two runs differ. */
export interface RunConfig {
  model: ModelConfig;
  train: TrainConfig;
  mode: TaskMode;
  /** The text's fingerprint (textFingerprint); a memory task reads none. */
  text: string;
  /** A memory task's knobs (mode 'memory' only). */
  memory?: MemoryConfig;
}

export type RunChange =
  | { kind: 'cell'; from: CellKind; to: CellKind }
  /** A switch turned on (+) or off (-), e.g. peepholes. */
  | { kind: 'on' | 'off'; key: string }
  /** A value: `key` is the setting's path (`learningRate`, `schedule.kind`, `memory.delay`). */
  | { kind: 'set'; key: string; from: string; to: string }
  | { kind: 'text' };

type Flat = Record<string, string | number | boolean>;

/** Primitive leaves of a settings object by dotted path ({a: {b: 1}} -> {'a.b': 1}). */
function flatten(o: object, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as object, `${key}.`, out);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
    else if (Array.isArray(v)) out[key] = v.join(' ');
  }
  return out;
}

const VARIANT_KEYS = new Set<string>(['nonlinearity', 'peephole', 'gruVariant']);

/** The model settings that matter to the run: a variant knob counts only for its own cell
 *  (elsewhere it is read as its default), so "+ peepholes" appears only where there are some. */
function modelLeaves(m: ModelConfig): Flat {
  const own = CELLS[m.cell].variant.field;
  const flat = flatten(m);
  delete flat.cell;
  for (const k of VARIANT_KEYS) if (k !== own) flat[k] = DEFAULT_MODEL[k as keyof ModelConfig] as string | boolean;
  return flat;
}

function trainLeaves(c: RunConfig): Flat {
  const flat = flatten(c.train);
  if (c.train.clipMode === 'none') delete flat.clipValue;
  if (c.mode !== 'lm') delete flat.seqLen; // lines and sentences are whole sequences
  return flat;
}

function compare(a: Flat, b: Flat, out: RunChange[], prefix = ''): void {
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const from = a[key];
    const to = b[key];
    if (from === to) continue;
    if (typeof to === 'boolean' && (typeof from === 'boolean' || from === undefined)) out.push({ kind: to ? 'on' : 'off', key: prefix + key });
    else out.push({ kind: 'set', key: prefix + key, from: from === undefined ? '' : String(from), to: to === undefined ? '' : String(to) });
  }
}

/** Every change from `prev` to `next`, cell first, then the model, training, task and text;
 *  empty when they were trained alike. */
export function runDiff(prev: RunConfig, next: RunConfig): RunChange[] {
  const out: RunChange[] = [];
  if (prev.model.cell !== next.model.cell) out.push({ kind: 'cell', from: prev.model.cell, to: next.model.cell });
  compare(modelLeaves(prev.model), modelLeaves(next.model), out);
  compare(trainLeaves(prev), trainLeaves(next), out);
  if (prev.mode !== next.mode) out.push({ kind: 'set', key: 'mode', from: prev.mode, to: next.mode });
  if (next.mode === 'memory') compare(flatten(prev.memory ?? {}), flatten(next.memory ?? {}), out, 'memory.');
  else if (prev.text !== next.text) out.push({ kind: 'text' });
  return out;
}

/** A short fingerprint of a text (its length and a 32-bit FNV-1a hash of its UTF-16 units): two
 *  runs on the same text have the same one. */
export function textFingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}
