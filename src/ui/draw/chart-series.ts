// The loss chart's curves as data, apart from drawing: a run's training and validation points over
// steps, seconds or characters seen, smoothed as TensorBoard smooths (an exponential moving
// average, debiased so the first points are not pulled towards zero), cut to the zoomed x range
// and thinned for drawing; log-scale ticks; and what every curve holds at an x (the hover readout).
import { bitsPerChar } from '../../model/loss.ts';

export type ChartX = 'step' | 'seconds' | 'chars';
export type ChartY = 'loss' | 'bpc' | 'accuracy';

/** A point of a drawn curve: x, the value as smoothed (`y`) and as measured (`raw`). */
export interface CurvePoint {
  x: number;
  y: number;
  raw: number;
}

/** What a curve is made from: the fields of MetricPoint it reads. */
export interface SourcePoint {
  step: number;
  seconds: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
}

/**
 * TensorBoard's smoothing: last = last * w + (1 - w) * v, divided by 1 - w^n (n finite values so
 * far), so the first value is itself and not a fraction of it. Non-finite values stay as they are
 * and do not enter the average. w = 0: the values themselves.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return weight === 0 ? v : last / (1 - weight ** n);
  });
}

/** The x of a point: its step, its seconds of training, or the characters read up to it. */
export const xOf = (p: SourcePoint, x: ChartX, charsPerStep: number): number => (x === 'step' ? p.step : x === 'seconds' ? p.seconds : p.step * charsPerStep);

export interface CurveOptions {
  x: ChartX;
  y: ChartY;
  /** The smoothing weight, 0 (none) to below 1. */
  smoothing: number;
  charsPerStep: number;
  /** The zoomed x range, or null for all of it. */
  range: readonly [number, number] | null;
  /** At most this many points are drawn (evenly thinned, the last one kept). */
  maxPoints: number;
}

/** A run's points as columns (NaN where a point has no value), made once per list of points: the
 *  chart reads them again at every change of its options, and a kept run holds up to 20,000. */
interface Columns {
  step: Float64Array;
  seconds: Float64Array;
  loss: Float64Array;
  accuracy: Float64Array;
  val: Float64Array;
}
const columnCache = new WeakMap<readonly SourcePoint[], Columns>();

function columns(points: readonly SourcePoint[]): Columns {
  let c = columnCache.get(points);
  if (c) return c;
  const n = points.length;
  c = { step: new Float64Array(n), seconds: new Float64Array(n), loss: new Float64Array(n), accuracy: new Float64Array(n), val: new Float64Array(n) };
  points.forEach((p, i) => {
    c!.step[i] = p.step;
    c!.seconds[i] = p.seconds;
    c!.loss[i] = p.loss;
    c!.accuracy[i] = p.accuracy ?? NaN;
    c!.val[i] = p.valLoss ?? NaN;
  });
  columnCache.set(points, c);
  return c;
}

/** One curve of a run (its training points, or with `val` its validation points), smoothed over
 *  all its points, then cut to the range (with the point on either side of it, so a line crosses
 *  into a zoomed window even between sparse points) and thinned: one pass to find the cut, one to
 *  smooth and emit. */
export function curve(points: readonly SourcePoint[], o: CurveOptions, val = false): CurvePoint[] {
  const c = columns(points);
  const values = o.y === 'accuracy' ? (val ? null : c.accuracy) : val ? c.val : c.loss;
  if (!values) return [];
  const xs = o.x === 'seconds' ? c.seconds : c.step;
  const scale = o.x === 'chars' ? o.charsPerStep : 1;
  const bits = o.y === 'bpc';
  const lo = o.range ? o.range[0] : -Infinity;
  const hi = o.range ? o.range[1] : Infinity;
  // the finite values' positions (k) just before, inside and just after the range
  let k = 0;
  let before = -1;
  let first = -1;
  let last = -1;
  let after = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) continue;
    const x = xs[i]! * scale;
    if (x < lo) before = k;
    else if (x > hi) {
      if (after < 0) after = k;
    } else {
      if (first < 0) first = k;
      last = k;
    }
    k++;
  }
  const from = before >= 0 ? before : first >= 0 ? first : after;
  const to = after >= 0 ? after : last >= 0 ? last : before;
  if (from < 0 || (first < 0 && (before < 0 || after < 0))) return []; // nothing in or across the range
  const stride = Math.max(1, Math.ceil((to - from + 1) / o.maxPoints));
  const out: CurvePoint[] = [];
  const w = o.smoothing;
  let ema = 0;
  k = 0;
  for (let i = 0; i < values.length && k <= to; i++) {
    const nats = values[i]!;
    if (!Number.isFinite(nats)) continue;
    const raw = bits ? bitsPerChar(nats) : nats;
    ema = ema * w + (1 - w) * raw; // as emaSmooth: debiased
    if (k >= from && ((k - from) % stride === 0 || k === to)) out.push({ x: xs[i]! * scale, y: w === 0 ? raw : ema / (1 - w ** (k + 1)), raw });
    k++;
  }
  return out;
}

/** The x range of a run's points (they come in step order, so their first and last). */
export function xExtent(points: readonly SourcePoint[], x: ChartX, charsPerStep: number): [number, number] | null {
  const first = points[0];
  const last = points.at(-1);
  return first && last ? [xOf(first, x, charsPerStep), xOf(last, x, charsPerStep)] : null;
}

/** Ticks of a log-scale axis over [lo, hi] (both > 0): 1, 2 and 5 times each power of ten while
 *  that gives few enough, else the powers of ten alone; the domain is the ticks' ends. */
export function logTicks(lo: number, hi: number, room: number): { domain: [number, number]; ticks: number[] } {
  const a = Math.max(1e-9, Math.min(lo, hi));
  const b = Math.max(a * 1.0001, hi);
  for (const mantissas of [[1, 2, 5], [1]]) {
    const ticks: number[] = [];
    for (let d = Math.floor(Math.log10(a)) - 1; d <= Math.ceil(Math.log10(b)); d++) for (const m of mantissas) ticks.push(Number((m * 10 ** d).toPrecision(6)));
    const lower = ticks.filter((t) => t <= a).at(-1) ?? ticks[0]!;
    const upper = ticks.find((t) => t >= b) ?? ticks.at(-1)!;
    const inside = ticks.filter((t) => t >= lower && t <= upper);
    if (inside.length <= room || mantissas.length === 1) return { domain: [lower, upper], ticks: inside };
  }
  throw new Error('unreachable');
}

/** The point of `points` (sorted by x) nearest to x, or null when there is none. */
export function nearest(points: readonly CurvePoint[], x: number): CurvePoint | null {
  if (points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo]!.x - x) <= Math.abs(points[hi]!.x - x) ? points[lo]! : points[hi]!;
}

/** A zoomed range moved by `fraction` of its width, kept inside [min, max]. */
export function panRange(range: readonly [number, number], fraction: number, min: number, max: number): [number, number] {
  const w = range[1] - range[0];
  const lo = Math.min(Math.max(min, range[0] + fraction * w), max - w);
  return [lo, lo + w];
}

/** A range zoomed by `factor` (< 1 in, > 1 out) around its middle; null once it covers [min, max]. */
export function zoomRange(range: readonly [number, number] | null, factor: number, min: number, max: number): [number, number] | null {
  const [a, b] = range ?? [min, max];
  const mid = (a + b) / 2;
  const half = ((b - a) / 2) * factor;
  if (2 * half >= max - min) return null;
  return panRange([mid - half, mid + half], 0, min, max);
}

/** A run's final and best loss for the runs' list and its order: on the held-out part where it
 *  was evaluated (`val`), else on its training batches (smoothed with weight 0.9: one batch's
 *  loss is noise); NaN when it has no points. */
export function runScore(points: readonly SourcePoint[]): { final: number; best: number; val: boolean } {
  const vals = points.flatMap((p) => (p.valLoss !== undefined && Number.isFinite(p.valLoss) ? [p.valLoss] : []));
  const losses = vals.length > 0 ? vals : emaSmooth(points.map((p) => p.loss).filter(Number.isFinite), 0.9);
  return { final: losses.at(-1) ?? NaN, best: losses.length ? Math.min(...losses) : NaN, val: vals.length > 0 };
}
