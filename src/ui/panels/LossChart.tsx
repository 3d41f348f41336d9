// The loss curves (drawn by LossCurves.tsx) of every run of the session and every kept run, each in its own
// colour: training loss solid (smoothed as TensorBoard smooths, by the slider's weight, the raw
// curve faint behind), validation loss on the held-out part dashed; over steps, seconds or
// characters read; in nats or bits per character, on a linear or log y axis — or, for a
// classifier, its accuracy on the held-out split; for a memory task, its accuracy on the answer
// positions, with the task's chance level. Drag to zoom (ChartOverlay.tsx), hover to read every
// run at an x; export as PNG, SVG or CSV; the runs' list (RunList.tsx) below.
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { downloadChart, downloadChartData, keepRuns, setChart } from '../../store/actions.ts';
import { CELLS } from '../../model/cells/registry.ts';
import type { ChartOptions, EvalPoint } from '../../store/state.ts';
import type { CellKind, TrainConfig } from '../../model/config.ts';
import { visibleColors } from '../../store/run-colors.ts';
import { useStore } from '../../store/store.ts';
import { chanceLevel, memoryConfigErrors } from '../../model/memory-tasks.ts';
import { useErrorText, useNumber, useT } from '../i18n.ts';
import { Panel, SelectField } from './fields.tsx';
import { useThrottled } from '../hooks/useThrottled.ts';
import { curve, xExtent, type ChartX, type CurvePoint } from '../draw/chart-series.ts';
import { standaloneSvg, svgToPng } from '../draw/chart-export.ts';
import { useSize } from '../hooks/useSize.ts';
import { ChartOverlay, type OverlayCurve } from './ChartOverlay.tsx';
import { RunList, type RunEntry } from './RunList.tsx';
import { axes, Curves, plotBox, WarmUp, type Series } from './LossCurves.tsx';

/** Points drawn, over all curves (a redraw's cost grows with them): 150 a curve for a few runs,
 *  fewer for many, never under MIN_DRAWN. */
const DRAWN_POINTS = 900;
const MAX_DRAWN = 150;
const MIN_DRAWN = 40;
/** Points of each curve the hover readout reads from. */
const HOVER_POINTS = 800;
/** The curves are redrawn at most this often while runs train. */
const REDRAW_MS = 1000;

/** A classifier's held-out accuracy at each evaluation (sparse: drawn as measured). */
function accuracyCurve(evals: readonly EvalPoint[] | undefined, x: ChartX): CurvePoint[] {
  return (evals ?? []).filter((e) => Number.isFinite(e.accuracy)).map((e) => ({ x: x === 'seconds' ? e.seconds : e.step, y: e.accuracy, raw: e.accuracy }));
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
  const plot = geometry && { ...plotBox(geometry, size.width, size.height), domain: geometry.x.domain, full };
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
