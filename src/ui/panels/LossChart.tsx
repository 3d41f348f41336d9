// The loss curves (recharts) of every run of the session and every kept run, each in its own
// colour: training loss solid (smoothed as TensorBoard smooths, by the slider's weight, the raw
// curve faint behind), validation loss on the held-out part dashed; over steps, seconds or
// characters read; in nats or bits per character, on a linear or log y axis — or, for a
// classifier, its accuracy on the held-out split; for a memory task, its accuracy on the answer
// positions, with the task's chance level. Drag to zoom (ChartOverlay.tsx), hover to read every
// run at an x; export as PNG, SVG or CSV; the runs' list (RunList.tsx) below.
import { memo, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { downloadChart, downloadChartData, keepRuns, setChart } from '../../store/actions.ts';
import { CELL_KINDS, CELLS } from '../../model/cells/registry.ts';
import type { ChartOptions, EvalPoint } from '../../store/state.ts';
import type { CellKind, TrainConfig } from '../../model/config.ts';
import { visibleColors } from '../../store/run-colors.ts';
import { useStore } from '../../store/store.ts';
import { chanceLevel, memoryConfigErrors } from '../../model/memory-tasks.ts';
import { useErrorText, useNumber, useT } from '../i18n.ts';
import { Panel, SelectField } from './fields.tsx';
import { useThrottled } from '../hooks/useThrottled.ts';
import { axisTicks, axisWidth, tickLabel, tickRoom } from '../draw/axis-ticks.ts';
import { curve, logTicks, xExtent, type ChartX, type CurvePoint } from '../draw/chart-series.ts';
import { standaloneSvg, svgToPng } from '../draw/chart-export.ts';
import { useSize } from '../hooks/useSize.ts';
import { whenIdle } from '../idle.ts';
import { ChartOverlay, type OverlayCurve } from './ChartOverlay.tsx';
import { RunList, type RunEntry } from './RunList.tsx';

/** Points drawn, over all curves (recharts' cost grows with them): 150 a curve for a few runs,
 *  fewer for many, never under MIN_DRAWN. */
const DRAWN_POINTS = 900;
const MAX_DRAWN = 150;
const MIN_DRAWN = 40;
/** Points of each curve the hover readout reads from. */
const HOVER_POINTS = 800;
/** The curves are redrawn at most this often while runs train (recharts redraws take tens of ms). */
const REDRAW_MS = 1000;
const CHANCE_COLOR = '#98a2b8';
const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };
const X_AXIS_HEIGHT = 30;

interface Series {
  id: string;
  name: string;
  color: string;
  /** A validation curve (dashed), a raw curve (faint, behind its smoothed one), or training. */
  kind: 'train' | 'val' | 'raw';
  data: { x: number; y: number }[];
}

/** A classifier's held-out accuracy at each evaluation (sparse: drawn as measured). */
function accuracyCurve(evals: readonly EvalPoint[] | undefined, x: ChartX): CurvePoint[] {
  return (evals ?? []).filter((e) => Number.isFinite(e.accuracy)).map((e) => ({ x: x === 'seconds' ? e.seconds : e.step, y: e.accuracy, raw: e.accuracy }));
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
function axes(all: readonly Series[], chart: ChartOptions, width: number, height: number, range: readonly [number, number] | null) {
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
function plotBox(g: Geometry, width: number, height: number) {
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

function Curves({ all, chart, width, height, chance, range }: CurvesProps) {
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
function WarmUp({ chart }: { chart: ChartOptions }) {
  const busy = useStore((s) => s.status === 'preparing' || s.status === 'training');
  const [state, setState] = useState<'waiting' | 'drawing' | 'done'>('waiting');
  useEffect(() => {
    if (state === 'waiting') {
      const id = setTimeout(() => setState('drawing'));
      return () => clearTimeout(id);
    }
    if (state === 'drawing') return whenIdle(() => setState('done'));
  }, [state]);
  return state === 'drawing' && !busy ? (
    <div className="warm-up" aria-hidden="true">
      <Curves all={WARM_UP} chart={chart} width={300} height={150} range={null} />
    </div>
  ) : null;
}

export function LossChart() {
  // only what it draws: a new sample or a settings edit does not redraw the chart
  const { runs, kept, chart: chartNow, train } = useStore(useShallow((s) => ({ runs: s.runs, kept: s.kept, chart: s.chart, train: s.train })));
  // the controls follow at once; the drawing (tens to hundreds of ms with many long runs) at low
  // priority, in slices the browser can interrupt
  const chart = useDeferredValue(chartNow);
  const mode = useStore((s) => s.mode);
  // a classifier's accuracy is measured on its held-out split now and then; a memory task's at every step
  const heldOut = chart.y === 'accuracy' && mode === 'classify';
  const chanceY = useStore((s) => (s.mode === 'memory' && memoryConfigErrors(s.memory).length === 0 ? chanceLevel(s.memory) : null));
  const say = useErrorText();
  const keptError = useStore((s) => (s.error?.field === 'kept' ? say(s.error) : null));
  const [rangeNow, setRange] = useState<[number, number] | null>(null);
  const range = useDeferredValue(rangeNow);
  // the curves follow the metrics about once a second and at low priority, so redraws stay rare
  const drawnRuns = useDeferredValue(useThrottled(runs, REDRAW_MS));
  const entries: (RunEntry & { cell: CellKind; evals?: readonly EvalPoint[]; train?: TrainConfig })[] = useMemo(
    () => [
      ...drawnRuns.map((r) => ({ id: r.id, name: r.label, color: r.color, kind: 'session' as const, diff: r.diff, points: r.points, evals: r.evals, cell: r.id, train: r.config?.train })),
      ...kept.map((k) => ({ id: k.id, name: k.name, color: k.color ?? CELLS[k.cell].color, kind: 'kept' as const, diff: k.diff ?? null, points: k.points, evals: k.evals, cell: k.cell, train: k.config?.train, checkpointStep: k.checkpointStep })),
    ],
    [drawnRuns, kept],
  );
  const colors = useMemo(() => visibleColors(entries, chart.hidden), [entries, chart.hidden]);
  const x: ChartX = chart.x === 'chars' && mode !== 'lm' ? 'step' : chart.x;
  const charsPerStep = (e: (typeof entries)[number]) => (e.train ?? train).batchSize * (e.train ?? train).seqLen;
  /** Every visible run's curves in the zoomed range, at most `maxPoints` each (validation is an
   *  average over the whole held-out part already: never smoothed). */
  const curvesOf = (maxPoints: number): OverlayCurve[] => {
    const smoothing = chart.smoothed ? chart.smoothing : 0;
    return entries.flatMap((e) => {
      const color = colors.get(e.id);
      if (!color) return [];
      const o = { x, y: chart.y, smoothing, charsPerStep: charsPerStep(e), range, maxPoints };
      if (heldOut) return [{ id: e.id, name: e.name, color, val: false, points: accuracyCurve(e.evals, x).filter((p) => !range || (p.x >= range[0] && p.x <= range[1])) }];
      const trainCurve = { id: e.id, name: e.name, color, val: false, points: curve(e.points, o) };
      const val = chart.y === 'accuracy' ? [] : curve(e.points, { ...o, smoothing: 0 }, true);
      return val.length ? [trainCurve, { id: e.id, name: e.name, color, val: true, points: val }] : [trainCurve];
    });
  };
  // what the hover reads (finer than what is drawn)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- curvesOf reads exactly these
  const curves = useMemo(() => curvesOf(HOVER_POINTS), [entries, colors, chart.smoothed, chart.smoothing, chart.y, x, train, heldOut, range]);
  const series: Series[] = useMemo(() => {
    const cut = (points: readonly CurvePoint[], raw: boolean) => {
      const stride = Math.max(1, Math.ceil(points.length / perCurve));
      return points.filter((_, i) => i % stride === 0 || i === points.length - 1).map((p) => ({ x: p.x, y: raw ? p.raw : p.y }));
    };
    const smoothed = chart.smoothed && chart.smoothing > 0 && !heldOut;
    const lines = curves.reduce((n, c) => n + (smoothed && !c.val ? 2 : 1), 0);
    const perCurve = Math.max(MIN_DRAWN, Math.min(MAX_DRAWN, Math.floor(DRAWN_POINTS / Math.max(1, lines))));
    return curves.flatMap((c) => {
      const main: Series = { id: c.id, name: c.name, color: c.color, kind: c.val ? 'val' : 'train', data: cut(c.points, false) };
      return smoothed && !c.val ? [{ ...main, kind: 'raw' as const, data: cut(c.points, true) }, main] : [main];
    }).filter((s) => s.data.length > 0);
  }, [curves, chart.smoothed, chart.smoothing, heldOut]);
  const canKeep = runs.some((r) => r.points.length > 0);
  const [box, size] = useSize();
  const t = useT();
  const fmt = useNumber();
  const area = useRef<HTMLDivElement>(null);
  const chance = chart.y === 'accuracy' && chanceY !== null ? { y: chanceY, label: t('chart.chance', { p: `${fmt(chanceY * 100, 1)}%` }) } : null;
  const yOptions: [ChartOptions['y'], string][] =
    mode === 'classify' ? [['loss', t('chart.loss')], ['accuracy', t('chart.accuracy')]] : mode === 'memory' ? [['accuracy', t('chart.accuracyAnswers')], ['loss', t('chart.lossAnswers')]] : [['loss', t('chart.loss')], ['bpc', t('chart.bpc')]];
  const xOptions: [ChartX, string][] = [['step', t('chart.step')], ['seconds', t('chart.seconds')], ...(mode === 'lm' ? [['chars', t('chart.chars')] as [ChartX, string]] : [])];
  const extents = entries.flatMap((e) => (colors.has(e.id) ? [heldOut ? xExtent(e.evals ?? [], x, 0) : xExtent(e.points, x, charsPerStep(e))] : [])).filter((r) => r !== null);
  const full: [number, number] = extents.length ? [Math.min(...extents.map((r) => r[0])), Math.max(...extents.map((r) => r[1]))] : [0, 1];
  const geometry = size.width > 0 ? axes(series, chart, size.width, size.height, range) : null;
  const plot = geometry && { left: MARGIN.left + geometry.yWidth, right: size.width - MARGIN.right, top: MARGIN.top, bottom: size.height - MARGIN.bottom - X_AXIS_HEIGHT, domain: geometry.x.domain, full };
  const visibleRuns = new Set(series.map((s) => s.id)).size;
  const hasVal = curves.some((c) => c.val);
  const legend = entries.filter((e) => colors.has(e.id)).map((e) => ({ name: e.name, color: colors.get(e.id)! }));
  const exportSvg = () => {
    const layers = [area.current?.querySelector<SVGSVGElement>('svg.recharts-surface'), area.current?.querySelector<SVGSVGElement>('svg.curves-layer')];
    return layers.every((l) => l) ? standaloneSvg(layers as SVGSVGElement[], legend, hasVal) : null;
  };
  const stem = `training-curves-${chart.y}-by-${x}`;
  return (
    <Panel title={t('chart.title')} className="chart-panel" testId="loss-chart">
      <div className="chart-options">
        <SelectField id="chart-x" label="x" value={chartNow.x === 'chars' && mode !== 'lm' ? 'step' : chartNow.x} options={xOptions} onChange={(v) => { setChart({ x: v }); setRange(null); }} hint={t('hint.chartX')} />
        <SelectField id="chart-y" label="y" value={chartNow.y} options={yOptions} onChange={(y) => setChart({ y })} hint={t('hint.chartY')} />
        <SelectField id="chart-smooth" label={t('chart.curve')} value={chartNow.smoothed ? 'smoothed' : 'raw'} options={[['smoothed', t('chart.smoothed')], ['raw', t('chart.raw')]]} onChange={(v) => setChart({ smoothed: v === 'smoothed' })} hint={t('hint.chartCurve')} />
        <div className="field slider">
          <label htmlFor="chart-smoothing">
            {t('chart.smoothing')} <output data-testid="chart-smoothing-value">{chartNow.smoothing.toFixed(2)}</output>
          </label>
          <input id="chart-smoothing" data-testid="chart-smoothing" type="range" min={0} max={0.99} step={0.01} value={chartNow.smoothing} disabled={!chartNow.smoothed} onChange={(e) => setChart({ smoothing: Number(e.target.value) })} />
        </div>
        <label className="check">
          <input type="checkbox" data-testid="chart-log" checked={chartNow.logY} disabled={chartNow.y === 'accuracy'} onChange={(e) => setChart({ logY: e.target.checked })} /> {t('chart.logY')}
        </label>
        <button type="button" data-testid="keep-runs" onClick={keepRuns} disabled={!canKeep}>
          {t('chart.keep')}
        </button>
      </div>
      <div ref={(el) => { box(el); area.current = el; }} className="chart" data-testid="chart-area" data-series={visibleRuns} data-log={geometry?.log ? 'true' : 'false'}>
        {size.width > 0 && <Curves all={series} chart={chart} width={size.width} height={size.height} chance={chance} range={range} />}
        {plot && series.length > 0 && <ChartOverlay box={plot} curves={curves} range={rangeNow} onRange={setRange} xLabel={(v) => `${t(x === 'step' ? 'chart.step' : x === 'seconds' ? 'chart.seconds' : 'chart.chars')} ${fmt(v, x === 'seconds' ? 1 : 0)}`} />}
        <WarmUp chart={chart} />
      </div>
      <div className="chart-actions">
        <button type="button" className="small" data-testid="chart-zoom-reset" onClick={() => setRange(null)} disabled={!rangeNow} title={t('chart.zoomHelp')}>
          {t('chart.zoomReset')}
        </button>
        <span className="meta" role="group" aria-label={t('chart.export')} title={t('chart.exportTitle')}>
          {t('chart.export')}{' '}
          <button type="button" className="small" data-testid="chart-png" disabled={series.length === 0} onClick={() => { const s = exportSvg(); if (s) void svgToPng(s).then((png) => downloadChart(`${stem}.png`, png)); }}>
            {t('chart.png')}
          </button>{' '}
          <button type="button" className="small" data-testid="chart-svg" disabled={series.length === 0} onClick={() => { const s = exportSvg(); if (s) downloadChart(`${stem}.svg`, new Blob([s.text], { type: 'image/svg+xml' })); }}>
            {t('chart.svg')}
          </button>{' '}
          <button
            type="button"
            className="small"
            data-testid="chart-csv"
            disabled={series.length === 0}
            onClick={() => downloadChartData(`${stem}.csv`, curvesOf(Infinity).map((c) => ({ run: c.name, curve: heldOut || chart.y === 'accuracy' ? 'accuracy' : c.val ? 'validation' : 'train', points: c.points })), x, chart.y)}
          >
            {t('chart.csv')}
          </button>
        </span>
      </div>
      {hasVal && <p className="meta" data-testid="chart-val-note">{t('chart.valNote')}</p>}
      {mode === 'memory' && (
        <p className="meta" data-testid="chart-caption">
          {t(chart.y === 'accuracy' ? 'chart.memoryAccuracy' : 'chart.memoryLoss')}
        </p>
      )}
      <RunList entries={entries} colors={colors} chart={chartNow} />
      {keptError && (
        <p className="field-error" role="alert" data-testid="kept-error">
          {keptError}
        </p>
      )}
    </Panel>
  );
}
