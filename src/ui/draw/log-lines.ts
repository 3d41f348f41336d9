// Line chart on a log-scale y axis, drawn on a canvas: one curve per series over t = 1..T, decade
// gridlines labelled 1e-3, 1e-2, ... For the gradient-flow panel, which redraws once per trace; a
// canvas keeps that redraw to a millisecond or two, where an SVG chart library took tens.

export interface LogSeries {
  color: string;
  /** A dash pattern (e.g. an LSTM's ‖∂L/∂c_t‖ beside its ‖∂L/∂h_t‖; the textbook guides). */
  dash?: number[];
  /** Line width (default 2). */
  width?: number;
  /** Positive values, one per time step (t = index + 1); zero or below is drawn at the floor. */
  values: ArrayLike<number>;
}

export interface LogChartLayout {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** log10 of the bottom and top of the y axis (whole decades). */
  lo: number;
  hi: number;
  T: number;
}

const MARGIN = { left: 52, right: 16, top: 10, bottom: 24 };
const FLOOR = 1e-12;
const AXIS = '#98a2b8';
const GRID = '#26304a';

/** Whole decades that hold every value (at least one decade tall). */
export function decadeRange(series: LogSeries[]): { lo: number; hi: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = Math.max(FLOOR, s.values[i]!);
      if (!Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (!Number.isFinite(min)) return { lo: -1, hi: 0 };
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  return { lo, hi };
}

export function logChartLayout(width: number, height: number, series: LogSeries[]): LogChartLayout {
  const T = Math.max(0, ...series.map((s) => s.values.length));
  return { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom, T, ...decadeRange(series) };
}

/** x of time step t (1-based) and y of a value, in canvas pixels. */
export const xAt = (l: LogChartLayout, t: number) => (l.T <= 1 ? (l.left + l.right) / 2 : l.left + ((t - 1) / (l.T - 1)) * (l.right - l.left));
export const yAt = (l: LogChartLayout, v: number) => l.bottom - ((Math.log10(Math.max(FLOOR, v)) - l.lo) / (l.hi - l.lo)) * (l.bottom - l.top);

/** The canvas's 2D context drawing in CSS pixels on a backing store of `width` × `height` times the
 *  device pixel ratio (sharp on high-density screens). */
export function cssPixelContext(c: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  c.width = width * dpr;
  c.height = height * dpr;
  const ctx = c.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Every how many decades the y axis is labelled: 1, or more where a decade is under 16 px tall. */
export const decadeStride = (l: LogChartLayout): number => Math.max(1, Math.ceil(16 / ((l.bottom - l.top) / (l.hi - l.lo))));

/** The steps (1-based) to label: every `every`-th from 1, and T — in place of the one before it
 *  when the two would be closer than half a spacing (their labels would run together). */
export function stepLabels(T: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 1; t <= T; t += every) out.push(t);
  if (out.at(-1) !== T && T > 0) {
    if (out.length > 1 && T - out.at(-1)! < every / 2) out.pop();
    out.push(T);
  }
  return out;
}

/** The time step (1-based) nearest to canvas x, or null outside the plot. */
export function stepAt(l: LogChartLayout, x: number): number | null {
  if (l.T === 0 || x < l.left - 8 || x > l.right + 8) return null;
  const t = l.T <= 1 ? 1 : Math.round(((x - l.left) / (l.right - l.left)) * (l.T - 1)) + 1;
  return Math.min(l.T, Math.max(1, t));
}

/** `mark`: a step to mark (backward mode's position; a memory task's stored input), its colour
 *  and label. The layout is taken from `series` alone, not from `guides` (faint reference curves
 *  drawn behind them). */
export function drawLogLines(ctx: CanvasRenderingContext2D, width: number, height: number, series: LogSeries[], hoverStep: number | null = null, mark: { step: number; color: string; label?: string } | null = null, guides: LogSeries[] = []): LogChartLayout {
  const l = logChartLayout(width, height, series);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 1;
  // decade gridlines and labels: every decade's line, a label on every `stride`-th where decades
  // lie closer than a label's height (a chart spanning 18 decades)
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const stride = decadeStride(l);
  for (let d = l.lo; d <= l.hi; d++) {
    const y = Math.round(yAt(l, 10 ** d)) + 0.5;
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(l.left, y);
    ctx.lineTo(l.right, y);
    ctx.stroke();
    if (d % stride !== 0) continue;
    ctx.fillStyle = AXIS;
    ctx.fillText(`1e${d}`, l.left - 8, y);
  }
  // time steps: a label at most every ~40 px
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const every = Math.max(1, Math.ceil(l.T / Math.max(1, (l.right - l.left) / 40)));
  for (const t of stepLabels(l.T, every)) {
    const x = Math.round(xAt(l, t)) + 0.5;
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(x, l.top);
    ctx.lineTo(x, l.bottom);
    ctx.stroke();
    ctx.fillStyle = AXIS;
    ctx.fillText(String(t), x, l.bottom + 6);
  }
  ctx.strokeStyle = AXIS;
  ctx.strokeRect(l.left + 0.5, l.top + 0.5, l.right - l.left, l.bottom - l.top);
  if (hoverStep !== null) {
    const x = Math.round(xAt(l, hoverStep)) + 0.5;
    ctx.strokeStyle = '#c9d1e3';
    ctx.beginPath();
    ctx.moveTo(x, l.top);
    ctx.lineTo(x, l.bottom);
    ctx.stroke();
  }
  if (mark) {
    const x = Math.round(xAt(l, mark.step)) + 0.5;
    ctx.strokeStyle = mark.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, l.top);
    ctx.lineTo(x, l.bottom);
    ctx.stroke();
    ctx.fillStyle = mark.color;
    ctx.textAlign = mark.step > l.T / 2 ? 'right' : 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(mark.label ?? `◀ BPTT t = ${mark.step}`, x + (mark.step > l.T / 2 ? -4 : 4), l.top + 4);
  }
  // the curves
  ctx.lineJoin = 'round';
  ctx.save();
  ctx.beginPath();
  ctx.rect(l.left, l.top, l.right - l.left, l.bottom - l.top);
  ctx.clip(); // the guides may leave the plot
  for (const s of [...guides, ...series]) {
    ctx.lineWidth = s.width ?? 2;
    ctx.setLineDash(s.dash ?? []);
    ctx.strokeStyle = s.color;
    ctx.beginPath();
    for (let i = 0; i < s.values.length; i++) {
      const x = xAt(l, i + 1);
      const y = yAt(l, s.values[i]!);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    if (s.values.length === 1) {
      ctx.fillStyle = s.color;
      ctx.fillRect(xAt(l, 1) - 2, yAt(l, s.values[0]!) - 2, 4, 4);
    }
  }
  ctx.restore();
  ctx.setLineDash([]);
  return l;
}
