// The interface in English and Simplified Chinese: the dictionaries (src/ui/messages/, every key in
// both, checked by the types), a hook that follows the chosen language, and locale-aware numbers.
import type { CellKind, VariantField } from '../model/cells/registry.ts';
import type { Problem } from '../model/config.ts';
import type { Lang } from '../store/lang.ts';
import { useStore } from '../store/store.ts';
import { en, type MessageKey } from './messages/en.ts';
import { zh } from './messages/zh-CN.ts';

export type { MessageKey };

const DICTS: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return DICTS[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    return typeof v === 'number' ? v.toLocaleString(lang, { maximumFractionDigits: 10 }) : (v ?? `{${name}}`);
  });
}

/** The name of a cell kind in the dictionaries. */
export const cellName = (kind: CellKind) => `cell.${kind}` as const satisfies MessageKey;

/** The name of one value of a cell's variant knob (every registry value has one in both languages). */
export const variantName = (field: VariantField, value: string | boolean) => `variant.${field}.${String(value)}` as MessageKey;

export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = useStore((s) => s.lang);
  return (key, vars) => translate(lang, key, vars);
}

/** Sentences joined into one text as the language joins them: Chinese sentences follow their 。
 *  without a space. Parts that are false, null or undefined are left out. */
export function useSentences(): (parts: readonly (string | false | null | undefined)[]) => string {
  const lang = useStore((s) => s.lang);
  return (parts) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(lang === 'zh-CN' ? '' : ' ');
}

/** An error as the person's language says it: from its Problem when it has one, else its message. */
export function useErrorText(): (e: { message: string; field: string | null; problem?: Problem | null }) => string {
  const t = useT();
  return (e) => {
    if (!e.problem) return e.message;
    const key = `field.${e.field}`;
    const label = key in en ? t(key as MessageKey) : e.field === 'text' ? t('text.title') : (e.field ?? '');
    const code: MessageKey = `err.${e.problem.code}`;
    const text = t(code, { ...e.problem.params, label });
    // a problem an imported file met (its task on this text, ...) names the file when its own words do not
    const file = e.problem.params.file;
    return typeof file === 'string' && !en[code].includes('{file}') ? t('err.inFile', { file, message: text }) : text;
  };
}

/** Numbers for the chosen locale: fixed digits, or whole numbers when digits is 0. */
export function useNumber(): (v: number | undefined, digits?: number) => string {
  const lang = useStore((s) => s.lang);
  return (v, digits = 3) => (v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
}
