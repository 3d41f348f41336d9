// A run's changes against the run before it (src/model/run-diff.ts), said in the person's
// language: `GRU -> LSTM, lr 0.003 -> 0.01, + peepholes`. A setting is named by its short name in
// the dictionaries (diff.key.*), its values as stored (a choice by its option's words).
import { CELLS } from '../model/cells/registry.ts';
import type { RunChange } from '../model/run-diff.ts';
import type { Lang } from '../store/lang.ts';
import { translate, type MessageKey } from './i18n.ts';
import { en } from './messages/en.ts';

/** The option words of a choice setting's value, where the controls name it. */
const VALUE_KEYS: Record<string, (v: string) => string> = {
  'schedule.kind': (v) => `opt.schedule.${v}`,
  'init.kind': (v) => `opt.init.${v}`,
  nonlinearity: (v) => `variant.nonlinearity.${v}`,
  gruVariant: (v) => `variant.gruVariant.${v}`,
  mode: (v) => `task.${v}`,
};

function value(lang: Lang, key: string, v: string): string {
  const k = VALUE_KEYS[key]?.(v);
  return k && k in en ? translate(lang, k as MessageKey) : v;
}

function keyName(lang: Lang, key: string): string {
  const k = `diff.key.${key}`;
  return k in en ? translate(lang, k as MessageKey) : key;
}

export function changeText(lang: Lang, c: RunChange): string {
  switch (c.kind) {
    case 'cell':
      return translate(lang, 'diff.cell', { from: CELLS[c.from].label, to: CELLS[c.to].label });
    case 'on':
    case 'off':
      return translate(lang, c.kind === 'on' ? 'diff.on' : 'diff.off', { key: keyName(lang, c.key) });
    case 'set':
      return translate(lang, 'diff.set', { key: keyName(lang, c.key), from: value(lang, c.key, c.from), to: value(lang, c.key, c.to) });
    case 'text':
      return translate(lang, 'diff.text');
  }
}

/** All of a run's changes in one line; "same settings" when there are none; null for a first run. */
export function diffText(lang: Lang, changes: readonly RunChange[] | null | undefined): string | null {
  if (!changes) return null;
  if (changes.length === 0) return translate(lang, 'diff.same');
  return changes.map((c) => changeText(lang, c)).join(translate(lang, 'diff.sep'));
}
