// Units found by what they track (Karpathy, Johnson and Fei-Fei 2015; LSTMVis): features of the
// text computed per character (the state after reading it; a memory task's answer steps), Pearson's r of every unit of a passage
// against each feature, and the learner's own span ranked LSTMVis's way (mean on the span minus
// mean elsewhere). Pure functions over a passage's characters and activations.
import { unitColumn, type Passage, type UnitRef } from './passage.ts';

/** The features of any text, and a memory task's own: where an answer is asked. */
export const TEXT_FEATURES = ['quote', 'bracket', 'depth', 'linePos', 'wordStart', 'digit', 'cjk', 'latin', 'vowel'] as const;
export const FEATURES = [...TEXT_FEATURES, 'answer'] as const;
export type TextFeatureName = (typeof TEXT_FEATURES)[number];
export type FeatureName = (typeof FEATURES)[number];

const OPEN = '([{';
const CLOSE = ')]}';
const QUOTES = '"“”';

/** Each feature's value at every character (N): the state after reading it. inside quotes (1/0,
 *  toggled by a double quote, “ opens, ” closes), inside brackets and their depth (never below 0),
 *  the column in the line (0 at a line's first character and at the newline), a word's first
 *  letter or digit, a digit, a CJK character (Han, kana, Hangul), a Latin letter, a vowel (aeiou).
 *  `starts`: where separate sequences begin (a task's), each read afresh as from a line's start. */
export function textFeatures(chars: readonly string[], starts: ArrayLike<number> = []): Record<TextFeatureName, Float32Array> {
  const N = chars.length;
  const f = Object.fromEntries(TEXT_FEATURES.map((k) => [k, new Float32Array(N)])) as Record<TextFeatureName, Float32Array>;
  let quote = false;
  let depth = 0;
  let col = 0;
  let prevWord = false;
  let next = 0; // the next sequence start
  for (let i = 0; i < N; i++) {
    if (next < starts.length && starts[next] === i) {
      [quote, depth, col, prevWord] = [false, 0, 0, false];
      next++;
    }
    const ch = chars[i]!;
    if (QUOTES.includes(ch)) quote = ch === '“' ? true : ch === '”' ? false : !quote;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    const word = /[\p{L}\p{Nd}]/u.test(ch);
    f.quote[i] = quote ? 1 : 0;
    f.depth[i] = depth;
    f.bracket[i] = depth > 0 ? 1 : 0;
    f.linePos[i] = ch === '\n' ? 0 : col;
    col = ch === '\n' ? 0 : col + 1;
    f.wordStart[i] = word && !prevWord ? 1 : 0;
    prevWord = word;
    f.digit[i] = /\p{Nd}/u.test(ch) ? 1 : 0;
    f.cjk[i] = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch) ? 1 : 0;
    f.latin[i] = /\p{Script=Latin}/u.test(ch) ? 1 : 0;
    f.vowel[i] = /[aeiouAEIOU]/.test(ch) ? 1 : 0;
  }
  return f;
}

/** Pearson's correlation of x and y (same length); NaN when either is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const [a, b] = [x[i]! - mx, y[i]! - my];
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Every unit of a passage: h, c (LSTM) and each gate of every layer and direction. */
export function allUnits(p: Passage): UnitRef[] {
  const parts = ['h', ...(p.layers[0]?.[0]?.c ? ['c'] : []), ...p.gateNames];
  return p.layers.flatMap((dirs, layer) => dirs.flatMap((_, dir) => parts.flatMap((part) => Array.from({ length: p.H }, (_, unit) => ({ layer, dir, part, unit })))));
}

export interface Ranked {
  unit: UnitRef;
  score: number; // r, or the span's difference of means
}

export interface FeatureRanking {
  feature: FeatureName;
  /** False when the feature does not vary over the passage (nothing to correlate with). */
  varies: boolean;
  /** The units with the largest |r|, best first. */
  top: Ranked[];
}

/** The features of a passage's characters (a task's sequences each read afresh); for a memory
 *  task's sequences (some steps ask nothing: target -1) also where an answer is asked (1/0). */
export function passageFeatures(p: Passage, chars: readonly string[]): Partial<Record<FeatureName, Float32Array>> {
  const text = textFeatures(chars.slice(0, p.N), p.reading.kind === 'sequences' ? p.reading.starts : []);
  const asks = p.reading.kind === 'sequences' && !p.reading.labelProbs && p.targets.some((v) => v < 0);
  return asks ? { ...text, answer: Float32Array.from(p.targets, (v) => (v >= 0 ? 1 : 0)) } : text;
}

/** For each feature of the passage, the `k` units whose activation correlates most with it (by |r|). */
export function rankByFeatures(p: Passage, chars: readonly string[], k = 3): FeatureRanking[] {
  const feats = passageFeatures(p, chars);
  const units = allUnits(p);
  const columns = units.map((u) => unitColumn(p, u)!);
  return FEATURES.flatMap((feature) => {
    const values = feats[feature];
    if (!values) return [];
    const scored = columns.map((col, i) => ({ unit: units[i]!, score: pearson(col, values) })).filter((s) => !Number.isNaN(s.score));
    const varies = values.some((v) => v !== values[0]);
    scored.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
    return [{ feature, varies, top: varies ? scored.slice(0, k) : [] }];
  });
}

/** LSTMVis: the hidden units (h of every layer and direction) most on over positions [from, to]
 *  and off elsewhere, by mean on the span minus mean elsewhere, largest first. */
export function rankBySpan(p: Passage, from: number, to: number, k = 5): Ranked[] {
  const [a, b] = [Math.max(0, Math.min(from, to)), Math.min(p.N - 1, Math.max(from, to))];
  const inside = b - a + 1;
  const outside = p.N - inside;
  if (inside < 1 || outside < 1) return [];
  const out: Ranked[] = [];
  p.layers.forEach((dirs, layer) =>
    dirs.forEach((_, dir) => {
      for (let unit = 0; unit < p.H; unit++) {
        const col = unitColumn(p, { layer, dir, part: 'h', unit })!;
        let on = 0;
        let all = 0;
        for (let t = 0; t < p.N; t++) {
          all += col[t]!;
          if (t >= a && t <= b) on += col[t]!;
        }
        out.push({ unit: { layer, dir, part: 'h', unit }, score: on / inside - (all - on) / outside });
      }
    }),
  );
  return out.sort((x, y) => y.score - x.score).slice(0, k);
}
