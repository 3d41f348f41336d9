// The loss chart's drawing: recharts for the axes, grid and a memory task's chance line (redrawn
// only when their ticks, domains or size change: a recharts redraw costs tens of ms), the curves
// as plain SVG paths in the same plot box and scales over them (a redraw is a few paths), and the
// plot box itself, which the hover and zoom overlay shares. A throw-away chart drawn once after the
// first render warms recharts' code paths.
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { CELL_KINDS, CELLS } from '../../model/cells/registry.ts';
import type { ChartOptions } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { axisTicks, axisWidth, tickLabel, tickRoom } from '../draw/axis-ticks.ts';
import { logTicks } from '../draw/chart-series.ts';
import { whenIdle } from '../idle.ts';

const CHANCE_COLOR = '#98a2b8';
const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };
const X_AXIS_HEIGHT = 30;

export interface Series {
  id: string;
  name: string;
  color: string;
  /** A validation curve (dashed), a raw curve (faint, behind its smoothed one), or training. */
  kind: 'train' | 'val' | 'raw';
  data: { x: number; y: number }[];
}

/** Same curves point for point: the series are rebuilt on every change of the runs (a run
 *  starting, a status message), most of which change nothing drawn. */
function sameCurves(a: readonly Series[], b: readonly Series[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const o = b[i]!;
      return s.id === o.id && s.kind === o.kind && s.color === o.color && s.data.length === o.data.length && s.data.every((p, j) => p.x === o.data[j]!.x && p.y === o.data[j]!.y);
    })
  );
}

/** The axes of the curves shown: round ticks with room for their labels (linear), or 1-2-5 ticks
 *  of each decade (log). */
export function axes(all: readonly Series[], chart: ChartOptions, width: number, height: number, range: readonly [number, number] | null) {
  const shown = all.flatMap((s) => s.data);
  const xs = shown.map((p) => p.x);
  const ys = shown.map((p) => p.y).filter(Number.isFinite);
  const accuracy = chart.y === 'accuracy';
  const room = tickRoom(height - 40, 28);
  const log = chart.logY && !accuracy && ys.length > 0 && Math.min(...ys) > 0;
  const y = accuracy ? axisTicks(0, 1, 6, 'zero') : log ? { ...logTicks(Math.min(...ys), Math.max(...ys), room), step: 0 } : axisTicks(0, Math.max(0, ...ys), room, 'zero');
  const yLabels = y.ticks.map((v) => (accuracy ? `${Math.round(v * 100)}%` : log ? String(v) : tickLabel(v, y.step)));
  const yWidth = axisWidth(yLabels);
  const xHi = range ? range[1] : Math.max(0, ...xs);
  const xLo = range ? range[0] : xs.length ? Math.min(...xs) : 0;
  const span = xHi > xLo;
  const digits = String(Math.round(Math.abs(xHi))).length;
  const x = axisTicks(span ? xLo : Math.max(0, xLo - 1), span ? xHi : xHi + 1, tickRoom(width - yWidth - 24, 18 + 7.5 * Math.min(digits, 9)), 'data', chart.x !== 'seconds');
  return { x, y, log, yWidth, yLabel: (v: number) => yLabels[y.ticks.indexOf(v)] ?? tickLabel(v, y.step) };
}

/** A big number of characters as the axis writes it: 12k, 3.4M. */
const compact = (v: number, step: number) => (Math.abs(v) >= 1e6 ? `${+(v / 1e6).toFixed(step < 1e5 ? 2 : 1)}M` : Math.abs(v) >= 1e4 ? `${+(v / 1e3).toFixed(step < 1e3 ? 1 : 0)}k` : tickLabel(v, step));


/** The axes, grid and chance line (recharts: tens of ms each time it is drawn, so only when its
 *  ticks, domains or size change). */
function AxesDrawing({ chart, width, height, chance, geometry }: { chart: ChartOptions; width: number; height: number; chance?: CurvesProps['chance']; geometry: Geometry }) {
  const { x, y, log, yWidth, yLabel } = geometry;
  return (
    <LineChart width={width} height={height} margin={MARGIN}>
      <CartesianGrid stroke="#26304a" />
      <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} tick={{ fontSize: 12 }} stroke="#98a2b8" interval={0} allowDataOverflow tickFormatter={(v: number) => (chart.x === 'chars' ? compact(v, x.step) : tickLabel(v, x.step))} height={X_AXIS_HEIGHT} />
      <YAxis stroke="#98a2b8" scale={log ? 'log' : 'auto'} domain={y.domain} ticks={y.ticks} tick={{ fontSize: 12 }} width={yWidth} interval={0} allowDataOverflow tickFormatter={yLabel} />
      {chance && <ReferenceLine y={chance.y} stroke={CHANCE_COLOR} strokeDasharray="6 4" ifOverflow="extendDomain" label={{ value: chance.label, position: 'insideTopRight', fill: CHANCE_COLOR, fontSize: 12 }} />}
    </LineChart>
  );
}

type Geometry = ReturnType<typeof axes>;

const Axes = memo(
  AxesDrawing,
  (a, b) =>
    a.chart.x === b.chart.x && a.width === b.width && a.height === b.height && a.chance?.y === b.chance?.y && a.chance?.label === b.chance?.label && a.geometry.log === b.geometry.log && a.geometry.yWidth === b.geometry.yWidth &&
    [a.geometry.x, a.geometry.y].every((t, i) => { const o = [b.geometry.x, b.geometry.y][i]!; return t.domain.join() === o.domain.join() && t.ticks.join() === o.ticks.join(); }),
);

/** The curves, as SVG paths over the axes, in the same plot box and scales: a redraw is a few
 *  paths, not a chart (a curve of one point, after a single Step, is its dot). */
function CurvesDrawing({ all, width, height, geometry }: { all: readonly Series[]; width: number; height: number; geometry: Geometry }) {
  const clip = `plot-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const { left, right, top, bottom } = plotBox(geometry, width, height);
  const [x0, x1] = geometry.x.domain;
  const ly = (v: number) => (geometry.log ? Math.log10(Math.max(v, 1e-12)) : v);
  const [y0, y1] = geometry.y.domain.map(ly) as [number, number];
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (right - left);
  const sy = (v: number) => bottom - ((ly(v) - y0) / (y1 - y0 || 1)) * (bottom - top);
  return (
    <svg className="curves-layer" width={width} height={height} data-testid="chart-curves" aria-hidden="true">
      <defs>
        <clipPath id={clip}>
          <rect x={left} y={top - 4} width={right - left} height={bottom - top + 8} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {all.map((s) =>
          s.data.length === 1 ? (
            s.kind === 'raw' ? null : <circle key={`${s.id}-${s.kind}`} className="curve-dot" cx={sx(s.data[0]!.x)} cy={sy(s.data[0]!.y)} r={4} fill={s.color} />
          ) : (
            <path
              key={`${s.id}-${s.kind}`}
              className={`curve curve-${s.kind}`}
              d={s.data.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}
              fill="none"
              stroke={s.color}
              strokeWidth={s.kind === 'raw' ? 1 : 2}
              strokeOpacity={s.kind === 'raw' ? 0.3 : 1}
              strokeDasharray={s.kind === 'val' ? '6 4' : undefined}
              strokeLinejoin="round"
            />
          ),
        )}
      </g>
    </svg>
  );
}

/** The plot area inside the chart, where recharts draws it (its margins, the y axis' width, the x axis' height). */
export function plotBox(g: Geometry, width: number, height: number) {
  return { left: MARGIN.left + g.yWidth, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom - X_AXIS_HEIGHT };
}

interface CurvesProps {
  all: Series[];
  chart: ChartOptions;
  width: number;
  height: number;
  range: readonly [number, number] | null;
  /** A memory task's chance level, drawn as a labelled line on its accuracy. */
  chance?: { y: number; label: string } | null;
}

/** Axes and curves; the curves redrawn only when what they draw changes. */
const CurvePaths = memo(CurvesDrawing, (a, b) => a.width === b.width && a.height === b.height && a.geometry === b.geometry && sameCurves(a.all, b.all));

export function Curves({ all, chart, width, height, chance, range }: CurvesProps) {
  const geometry = useMemo(() => axes(all, chart, width, height, range), [all, chart, width, height, range]);
  return (
    <>
      <Axes chart={chart} width={width} height={height} chance={chance} geometry={geometry} />
      <CurvePaths all={all} width={width} height={height} geometry={geometry} />
    </>
  );
}

const WARM_UP: Series[] = CELL_KINDS.map((id, i) => ({ id, name: id, color: CELLS[id].color, kind: i > 1 ? 'val' : 'train', data: [{ x: 1, y: 4 - i }, { x: 2, y: 3 - i }] }));

/**
 * Draws a throw-away chart once, out of sight, in a task of its own right after the page first
 * renders: the first curves drawn while runs train then take recharts' warm code paths (measured:
 * a cold first draw cost 50-90 ms of main thread, the later ones 20-25 ms). Never while runs
 * prepare or train (when Train comes first, there is no warm-up).
 */
export function WarmUp({ chart }: { chart: ChartOptions }) {
  const busy = useStore((s) => s.status === 'preparing' || s.status === 'training');
  const [state, setState] = useState<'waiting' | 'drawing' | 'done'>('waiting');
  useEffect(() => {
    if (state === 'waiting') {
      const id = setTimeout(() => setState('drawing'));
      return () => clearTimeout(id);
    }
    if (state === 'drawing') return whenIdle(() => setState('done'));
  }, [state]);
  if (state === 'done') return <span hidden data-testid="chart-warmed" />; // for tests that measure the page after its start
  return state === 'drawing' && !busy ? (
    <div className="warm-up" aria-hidden="true">
      <Curves all={WARM_UP} chart={chart} width={300} height={150} range={null} />
    </div>
  ) : null;
}
