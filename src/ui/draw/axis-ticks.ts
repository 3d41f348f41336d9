// Axis ticks for the loss chart: round values inside the data's range, no more than the axis has
// room for (so no two labels meet, the last one included), and labels written with as many
// decimals as the step between ticks needs (a loss of 60 reads "60", 2.5 reads "2.5"), with the
// width the y axis needs to show its longest label whole.

/** The round step (1, 2, 2.5 or 5 times a power of ten) that splits `span` into at most `count` parts. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
}

export interface AxisTicks {
  /** The axis runs from domain[0] to domain[1]. */
  domain: [number, number];
  ticks: number[];
  step: number;
}

/**
 * Ticks for values in [lo, hi] with room for `count` labels. `from`: 'data' keeps the domain at the
 * data (the x axis: steps or seconds), 'zero' starts it at 0 and ends it at the first tick at or
 * above hi (the y axis: loss). `integer`: steps are whole numbers.
 */
export function axisTicks(lo: number, hi: number, count: number, from: 'data' | 'zero', integer = false): AxisTicks {
  if (from === 'zero') lo = 0;
  if (!(hi > lo)) hi = lo + (integer ? 1 : Math.max(1, Math.abs(lo)));
  let step = niceStep(hi - lo, Math.max(1, count - 1));
  if (integer) step = Math.max(1, Math.round(step));
  const end = from === 'zero' ? Math.ceil(hi / step - 1e-9) * step : hi;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= end + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [lo, end], ticks, step };
}

/** Decimals a tick label needs to write multiples of `step` exactly (none for whole steps; 2.5 needs one). */
export function tickDecimals(step: number): number {
  for (let d = 0; d < 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 6;
}

/** A tick's label: as many decimals as the step needs, never more. */
export const tickLabel = (v: number, step: number): string => v.toFixed(tickDecimals(step));

/** Pixels the y axis needs for its longest label (12 px text: at most 7.5 px a character) and the tick. */
export const axisWidth = (labels: readonly string[]): number => 14 + Math.ceil(7.5 * Math.max(1, ...labels.map((l) => l.length)));

/** How many labels fit along `pixels` when each needs `labelPx` (at least two: both ends). */
export const tickRoom = (pixels: number, labelPx: number): number => Math.max(2, Math.floor(pixels / labelPx));
