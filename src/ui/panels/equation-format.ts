// What the gate inspector's forward and backward equations share: a line's shape (its TeX, the
// strip it is about, its name in words) and how numbers are written into TeX.
import type { UnitFocus } from '../draw/unrolled.ts';
import type { MessageKey } from '../i18n.ts';

export interface Line {
  tex: string;
  /** Where the result lives in the network panel: a gate row, c or h. */
  part: UnitFocus['part'];
  /** What the line computes, in words (a gate's or state's name). */
  name: MessageKey;
}

/** A number in TeX with 4 significant digits (a power of ten as ×10^k). */
export const n4 = (x: number) => {
  const s = x.toPrecision(4);
  return s.includes('e') ? s.replace(/e([+-]\d+)/, '\\times 10^{$1}') : s;
};

/** A factor in a product: negative numbers in parentheses. */
export const f4 = (x: number) => (x < 0 ? `(${n4(x)})` : n4(x));
