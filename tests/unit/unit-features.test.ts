// Units found by what they track (src/model/unit-features.ts): the text's features on small
// strings, value by value; Pearson's r on hand-computed cases; the ranking finds a unit built to
// track a feature; a span is ranked by mean on it minus mean elsewhere.
import { previewStart } from '../../src/ui/panels/UnitsRanking.tsx';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/model/passage.ts';
import { pearson, rankByFeatures, rankBySpan, textFeatures } from '../../src/model/unit-features.ts';

const f = (s: string) => textFeatures(Array.from(s));
const arr = (a: Float32Array) => Array.from(a);

describe('text features', () => {
  it('quotes, brackets and depth: the state after reading each character', () => {
    const x = f('a"b"(c[d])');
    expect(arr(x.quote)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(arr(x.depth)).toEqual([0, 0, 0, 0, 1, 1, 2, 2, 1, 0]);
    expect(arr(x.bracket)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
    expect(arr(f('“a”)').quote)).toEqual([1, 1, 0, 0]);
    expect(arr(f('))(').depth)).toEqual([0, 0, 1]);
  });

  it('position in the line, start of a word, digit, CJK, Latin, vowel', () => {
    const x = f('ab c\nd1 中');
    expect(arr(x.linePos)).toEqual([0, 1, 2, 3, 0, 0, 1, 2, 3]);
    expect(arr(x.wordStart)).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 1]);
    expect(arr(x.digit)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(arr(x.cjk)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(arr(x.latin)).toEqual([1, 1, 0, 1, 0, 1, 0, 0, 0]);
    expect(arr(x.vowel)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('correlation and ranking', () => {
  it('Pearson r, hand-computed; NaN for a constant', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = [1, 2, 3, 4], y = [1, 3, 2, 4]: sxy = 4, sxx = syy = 5, r = 0.8
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  // a passage of 8 steps, one layer, H = 2, an RNN ("tanh" gate): unit 0 follows the quotes
  const text = Array.from('a"bc"de"');
  const quote = f(text.join('')).quote;
  const h = new Float32Array(16);
  for (let t = 0; t < 8; t++) {
    h[t * 2] = quote[t]! * 0.9 - 0.2;
    h[t * 2 + 1] = t % 2 ? 0.3 : -0.1;
  }
  const passage: Passage = { N: 8, reading: { kind: 'text', window: 4 }, H: 2, gateNames: ['tanh'], inputs: new Int32Array(8), targets: new Int32Array(8), layers: [[{ post: h, c: null, h }]], topK: { k: 0, ids: new Int32Array(0), probs: new Float32Array(0) } };

  it('finds the unit that tracks quotes (r = 1), and says which features do not vary', () => {
    const ranking = rankByFeatures(passage, text, 2);
    const q = ranking.find((r) => r.feature === 'quote')!;
    expect(q.top[0]!.unit).toEqual({ layer: 0, dir: 0, part: 'h', unit: 0 });
    expect(q.top[0]!.score).toBeCloseTo(1, 6);
    expect(ranking.find((r) => r.feature === 'digit')).toEqual({ feature: 'digit', varies: false, top: [] });
  });

  it('a span: mean on it minus mean elsewhere, largest first', () => {
    // unit 0 on positions 1..3: quote = 1, 1, 1 -> 0.7 each; elsewhere 0 -> -0.2, except t = 7 (0.7)
    const [best] = rankBySpan(passage, 3, 1, 1);
    expect(best!.unit.unit).toBe(0);
    expect(best!.score).toBeCloseTo(0.7 - (4 * -0.2 + 0.7) / 5, 6);
  });
});

it('starts a feature’s preview 20 characters before the feature is first on, or at the start', () => {
  const quote = textFeatures(Array.from(`${'x'.repeat(50)}"said"`)).quote;
  expect(previewStart(quote)).toBe(30);
  expect(previewStart(textFeatures(Array.from('ab "c"')).quote)).toBe(0);
  expect(previewStart(new Float32Array(5))).toBe(0); // never on
});
