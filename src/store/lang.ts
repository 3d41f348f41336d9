// The interface languages, and the browser's preference among them.

import type { Lang } from '../io/stored-schema.ts';

export type { Lang };
/** Every language (src/io/stored-schema.ts's LANG_IDS, which a stored language must be one of), named in itself. */
export const LANGS: readonly (readonly [Lang, string])[] = [['en', 'English'], ['zh-CN', '简体中文']];

/** The language the browser prefers, when the person has not chosen one. */
export function preferredLang(languages: readonly string[]): Lang {
  return languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}
