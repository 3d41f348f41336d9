// The loss curves (recharts): every run of the session and every kept run, over steps or
// seconds, in nats or bits per character, raw or smoothed — or, for a classifier, its accuracy on
// the held-out split at each evaluation; for a memory task, its accuracy on the answer positions
// of every step's fresh batch, with the task's chance level as a labelled line. The legend toggles
// a curve.
import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { bitsPerChar } from '../../model/loss.ts';
import { downloadKept, keepRuns, removeKept, renameKept, setChart, toggleSeries } from '../../store/actions.ts';
import { CELL_KINDS, CELLS } from '../../model/cells/registry.ts';
import type { ChartOptions, EvalPoint, RunView } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { chanceLevel, memoryConfigErrors } from '../../model/memory-tasks.ts';
import { useErrorText, useNumber, useT } from '../i18n.ts';
import { Panel, SelectField } from './fields.tsx';
import { useThrottled } from '../hooks/useThrottled.ts';
import { axisTicks, axisWidth, tickLabel, tickRoom } from '../draw/axis-ticks.ts';
import { useSize } from '../hooks/useSize.ts';
import { whenIdle } from '../idle.ts';

const MAX_DRAWN = 150;
/** The curves are redrawn at most this often while runs train (recharts redraws take tens of ms). */
const REDRAW_MS = 1000;
const SMOOTHING = 0.9;
const CHANCE_COLOR = '#98a2b8';

interface Series {
  id: string;
  name: string;
  color: string;
  dashed: boolean;
  data: { x: number; y: number }[];
}

/** One curve: x and y as chosen (a memory task's accuracy is per step, on the step's batch),
 *  smoothed by an exponential moving average, thinned for drawing. */
function series(all: Readonly<RunView['points']>, o: ChartOptions): { x: number; y: number }[] {
  const of = (p: RunView['points'][number]) => (o.y === 'accuracy' ? (p.accuracy ?? NaN) : p.loss);
  const points = all.filter((p) => Number.isFinite(of(p)) || o.y !== 'accuracy'); // a run without accuracy draws none
  const out: { x: number; y: number }[] = [];
  const stride = Math.max(1, Math.ceil(points.length / MAX_DRAWN));
  let ema = points[0] ? of(points[0]) : 0;
  points.forEach((p, i) => {
    ema = SMOOTHING * ema + (1 - SMOOTHING) * of(p);
    const v = o.smoothed ? ema : of(p);
    if (i % stride === 0 || i === points.length - 1) out.push({ x: o.x === 'step' ? p.step : p.seconds, y: o.y === 'bpc' ? bitsPerChar(v) : v });
  });
  return out;
}

/** A classifier's held-out accuracy at each evaluation (sparse: drawn as measured). */
function accuracySeries(evals: readonly EvalPoint[] | undefined, o: ChartOptions): { x: number; y: number }[] {
  return (evals ?? []).filter((e) => Number.isFinite(e.accuracy)).map((e) => ({ x: o.x === 'step' ? e.step : e.seconds, y: e.accuracy }));
}

/** Same curves point for point: the series are rebuilt from the store on every change of the runs
 *  (a run starting, a status message), most of which change nothing drawn. */
function sameCurves(a: readonly Series[], b: readonly Series[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const o = b[i]!;
      return s.id === o.id && s.name === o.name && s.color === o.color && s.dashed === o.dashed && s.data.length === o.data.length && s.data.every((p, j) => p.x === o.data[j]!.x && p.y === o.data[j]!.y);
    })
  );
}

interface CurvesProps {
  all: Series[];
  chart: ChartOptions;
  width: number;
  height: number;
  /** A memory task's chance level, drawn as a labelled line on its accuracy. */
  chance?: { y: number; label: string } | null;
}

/** The axes of the curves shown: round ticks with room for their labels (src/ui/draw/axis-ticks.ts). */
function axes(all: readonly Series[], chart: ChartOptions, width: number, height: number) {
  const shown = all.filter((s) => !chart.hidden.includes(s.id)).flatMap((s) => s.data);
  const xs = shown.map((p) => p.x);
  const ys = shown.map((p) => p.y).filter(Number.isFinite);
  const accuracy = chart.y === 'accuracy';
  const y = accuracy ? axisTicks(0, 1, 6, 'zero') : axisTicks(0, Math.max(0, ...ys), tickRoom(height - 40, 28), 'zero');
  const yLabels = y.ticks.map((v) => (accuracy ? `${Math.round(v * 100)}%` : tickLabel(v, y.step)));
  const yWidth = axisWidth(yLabels);
  const xHi = Math.max(0, ...xs);
  const xLo = xs.length ? Math.min(...xs) : 0;
  // a label needs room for its digits; one point alone gets an axis around it
  const x = axisTicks(xs.length > 1 ? xLo : Math.max(0, xLo - 1), xs.length > 1 ? xHi : xHi + 1, tickRoom(width - yWidth - 24, 18 + 7.5 * String(Math.round(xHi)).length), 'data', chart.x === 'step');
  return { x, y, yWidth, yLabel: (v: number) => yLabels[y.ticks.indexOf(v)] ?? tickLabel(v, y.step) };
}

/** The recharts drawing: tens of ms of main thread each time it is drawn. */
function CurvesDrawing({ all, chart, width, height, chance }: CurvesProps) {
  const t = useT();
  const { x, y, yWidth, yLabel } = axes(all, chart, width, height);
  return (
    <LineChart width={width} height={height} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
      <CartesianGrid stroke="#26304a" />
      <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} tick={{ fontSize: 12 }} stroke="#98a2b8" interval={0} allowDataOverflow tickFormatter={(v: number) => tickLabel(v, x.step)} />
      <YAxis stroke="#98a2b8" domain={y.domain} ticks={y.ticks} tick={{ fontSize: 12 }} width={yWidth} interval={0} allowDataOverflow tickFormatter={yLabel} />
      <Tooltip contentStyle={{ background: '#131a2e', border: '1px solid #26304a' }} formatter={(v) => Number(v).toFixed(3)} labelFormatter={(v) => `${t(chart.x === 'step' ? 'chart.step' : 'chart.seconds')} ${Number(v).toFixed(chart.x === 'seconds' ? 1 : 0)}`} />
      {chance && <ReferenceLine y={chance.y} stroke={CHANCE_COLOR} strokeDasharray="6 4" ifOverflow="extendDomain" label={{ value: chance.label, position: 'insideTopRight', fill: CHANCE_COLOR, fontSize: 12 }} />}
      {all.map((s) => (
        // a curve of one point (after a single Step) is drawn as its dot
        <Line key={s.id} data={s.data} dataKey="y" name={s.name} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} dot={s.data.length === 1 ? { r: 4, fill: s.color } : false} isAnimationActive={false} hide={chart.hidden.includes(s.id)} />
      ))}
    </LineChart>
  );
}

/** The drawing, redrawn only when what it draws changes. */
const Curves = memo(CurvesDrawing, (a, b) => a.chart === b.chart && a.width === b.width && a.height === b.height && a.chance?.y === b.chance?.y && a.chance?.label === b.chance?.label && sameCurves(a.all, b.all));

const WARM_UP: Series[] = CELL_KINDS.map((id, i) => ({ id, name: id, color: CELLS[id].color, dashed: i > 1, data: [{ x: 1, y: 4 - i }, { x: 2, y: 3 - i }] }));

/**
 * Draws a throw-away chart once, out of sight, in a task of its own right after the page first
 * renders: the first curves drawn while runs train then take recharts' warm code paths (measured:
 * a cold first draw cost 50-90 ms of main thread, the later ones 20-25 ms). Never while runs
 * prepare or train (when Train comes first, there is no warm-up): a long task then is what the
 * warm-up is there to prevent.
 */
function WarmUp({ chart }: { chart: ChartOptions }) {
  const busy = useStore((s) => s.status === 'preparing' || s.status === 'training');
  const [state, setState] = useState<'waiting' | 'drawing' | 'done'>('waiting');
  useEffect(() => {
    if (state === 'waiting') {
      const id = setTimeout(() => setState('drawing'));
      return () => clearTimeout(id);
    }
    if (state === 'drawing') {
      return whenIdle(() => setState('done'));
    }
  }, [state]);
  return state === 'drawing' && !busy ? (
    <div className="warm-up" aria-hidden="true">
      <Curves all={WARM_UP} chart={chart} width={300} height={150} />
    </div>
  ) : null;
}

export function LossChart() {
  // only what it draws: a new sample or a settings edit does not redraw the chart
  const { runs, kept, chart } = useStore(useShallow((s) => ({ runs: s.runs, kept: s.kept, chart: s.chart })));
  const mode = useStore((s) => s.mode);
  // a classifier's accuracy is measured on its held-out split now and then; a memory task's at every step
  const heldOut = chart.y === 'accuracy' && mode === 'classify';
  const chanceY = useStore((s) => (s.mode === 'memory' && memoryConfigErrors(s.memory).length === 0 ? chanceLevel(s.memory) : null));
  const say = useErrorText();
  const keptError = useStore((s) => (s.error?.field === 'kept' ? say(s.error) : null));
  // the curves follow the metrics about once a second and at low priority, so redraws stay rare
  // and short while runs train
  const drawnRuns = useDeferredValue(useThrottled(runs, REDRAW_MS));
  const all: Series[] = useMemo(
    () => [
      ...drawnRuns.map((r) => ({ id: r.id, name: r.label, color: CELLS[r.id].color, dashed: false, data: heldOut ? accuracySeries(r.evals, chart) : series(r.points, chart) })),
      ...kept.map((k) => ({ id: k.id, name: k.name, color: CELLS[k.cell].color, dashed: true, data: heldOut ? accuracySeries(k.evals, chart) : series(k.points, chart) })),
    ],
    [drawnRuns, kept, chart, heldOut],
  );
  // a curve is drawn from its first point on: after a single Step its one point shows
  const drawn = useMemo(() => all.filter((s) => s.data.length > 0), [all]);
  const canKeep = runs.some((r) => r.points.length > 0);
  const [box, size] = useSize();
  const t = useT();
  const fmt = useNumber();
  const chance = chart.y === 'accuracy' && chanceY !== null ? { y: chanceY, label: t('chart.chance', { p: `${fmt(chanceY * 100, 1)}%` }) } : null;
  const yOptions: [ChartOptions['y'], string][] =
    mode === 'classify' ? [['loss', t('chart.loss')], ['accuracy', t('chart.accuracy')]] : mode === 'memory' ? [['accuracy', t('chart.accuracyAnswers')], ['loss', t('chart.lossAnswers')]] : [['loss', t('chart.loss')], ['bpc', t('chart.bpc')]];
  return (
    <Panel title={t('chart.title')} className="chart-panel" testId="loss-chart">
      <div className="chart-options">
        <SelectField id="chart-x" label="x" value={chart.x} options={[['step', t('chart.step')], ['seconds', t('chart.seconds')]]} onChange={(x) => setChart({ x })} hint={t('hint.chartX')} />
        <SelectField
          id="chart-y"
          label="y"
          value={chart.y}
          options={yOptions}
          onChange={(y) => setChart({ y })}
          hint={t('hint.chartY')}
        />
        <SelectField id="chart-smooth" label={t('chart.curve')} value={chart.smoothed ? 'smoothed' : 'raw'} options={[['smoothed', t('chart.smoothed')], ['raw', t('chart.raw')]]} onChange={(v) => setChart({ smoothed: v === 'smoothed' })} hint={t('hint.chartCurve')} />
        <button type="button" data-testid="keep-runs" onClick={keepRuns} disabled={!canKeep}>
          {t('chart.keep')}
        </button>
      </div>
      <div ref={box} className="chart" data-testid="chart-area" data-series={drawn.filter((s) => !chart.hidden.includes(s.id)).length}>
        {size.width > 0 && <Curves all={drawn} chart={chart} width={size.width} height={size.height} chance={chance} />}
        <WarmUp chart={chart} />
      </div>
      {mode === 'memory' && (
        <p className="meta" data-testid="chart-caption">
          {t(chart.y === 'accuracy' ? 'chart.memoryAccuracy' : 'chart.memoryLoss')}
        </p>
      )}
      <div className="legend" role="group" aria-label={t('chart.legend')}>
        {all.map((s) => (
          <button key={s.id} type="button" className="legend-item" aria-pressed={!chart.hidden.includes(s.id)} data-testid={`legend-${s.id}`} onClick={() => toggleSeries(s.id)}>
            <span className={`swatch${s.dashed ? ' dashed' : ''}`} style={s.dashed ? { borderColor: s.color } : { background: s.color }} aria-hidden="true" />
            {s.name}
          </button>
        ))}
      </div>
      {kept.length > 0 && (
        <ul className="kept" aria-label={t('chart.kept')}>
          {kept.map((k) => (
            <li key={k.id}>
              <span className="swatch dashed" style={{ borderColor: CELLS[k.cell].color }} aria-hidden="true" />
              <input aria-label={t('chart.keptName')} value={k.name} onChange={(e) => renameKept(k.id, e.target.value)} />
              <button
                type="button"
                data-testid={`download-${k.id}`}
                onClick={() => void downloadKept(k.id)}
                disabled={k.checkpointStep === undefined}
                aria-label={`${t('files.download')} ${k.name}`}
                title={t('files.downloadTitle')}
              >
                {t('files.download')}
              </button>
              <button type="button" onClick={() => removeKept(k.id)} aria-label={`${t('chart.remove')} ${k.name}`}>
                {t('chart.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {keptError && (
        <p className="field-error" role="alert" data-testid="kept-error">
          {keptError}
        </p>
      )}
    </Panel>
  );
}
