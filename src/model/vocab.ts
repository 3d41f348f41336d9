// Code-point vocabulary: the distinct Unicode code points of the training text, sorted by code
// point. Surrogate pairs (emoji), CJK, combining marks, tabs and newlines are each one symbol;
// a code point is never split. Ids are positions in that sorted list.

export interface Vocab {
  /** One-code-point strings in id order. */
  readonly symbols: readonly string[];
  readonly size: number;
  /** id of a symbol, or -1 when it is not in the vocabulary. */
  id(symbol: string): number;
}

/** Splits text into code points (never into UTF-16 halves). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function vocabFromSymbols(symbols: readonly string[]): Vocab {
  const index = new Map<string, number>();
  symbols.forEach((s, i) => index.set(s, i));
  return { symbols, size: symbols.length, id: (s) => index.get(s) ?? -1 };
}

export function buildVocab(text: string): Vocab {
  const seen = new Set<number>();
  for (const ch of text) seen.add(ch.codePointAt(0)!);
  const sorted = [...seen].sort((x, y) => x - y).map((cp) => String.fromCodePoint(cp));
  return vocabFromSymbols(sorted);
}

/** Text -> ids. Symbols missing from the vocabulary are dropped and counted. */
export function encode(vocab: Vocab, text: string): { ids: Int32Array; unknown: number } {
  const out: number[] = [];
  let unknown = 0;
  for (const ch of text) {
    const id = vocab.id(ch);
    if (id < 0) unknown++;
    else out.push(id);
  }
  return { ids: Int32Array.from(out), unknown };
}

export function decode(vocab: Vocab, ids: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) s += vocab.symbols[ids[i]!] ?? '';
  return s;
}
