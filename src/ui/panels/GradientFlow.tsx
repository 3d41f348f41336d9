// Gradient flow through time: over the inspected window, for the latest trace of each run, on a
// log scale, the gradient that carries memory back: ‖∂L/∂h_t‖ (solid) and, for the LSTM,
// ‖∂L/∂c_t‖ through its cell state (dashed) — of the loss training minimises (every step), or of
// the last step's loss alone, the vanishing-gradient view, with the textbook's 0.9^(T−t) and
// 1.1^(T−t) as guides and a caption worded from the measured curves (./gradient-caption.ts), never
// assuming the textbook's outcome. The long-range preset makes a
// task where the textbook effect is real; W_hh × k and a raised LSTM forget-gate bias make what-if
// traces (the reference's, the run untouched). Backward mode's step is marked on the chart. On a
// memory task the chart marks the input the last answer needs, and the caption says how much of
// that answer's gradient reaches it.
// Drawn on a canvas (src/ui/draw/log-lines.ts) once per trace (about a second), not per frame;
// hovering a step shows each run's value in the legend.
import { startTransition, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { applyPreset, setInspect } from '../../store/actions.ts';
import { CELLS, type CellKind } from '../../model/cells/registry.ts';
import { lastAnswerSource } from '../../model/memory-evidence.ts';
import { stepperT } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { cssPixelContext, drawLogLines, stepAt, type LogChartLayout, type LogSeries } from '../draw/log-lines.ts';
import { GRAD_COLOR } from '../draw/unrolled.ts';
import { useSize } from '../hooks/useSize.ts';
import { useT } from '../i18n.ts';
import { Hint, Panel, SelectField } from './fields.tsx';
import { memoryVerdict, verdict, type Curve } from './gradient-caption.ts';

const GUIDE = '#6f7a96';
/** A memory task's stored input, marked on the chart. */
const STORED_COLOR = '#f5b942';

/** Bottom layer, forward direction: the gradients that have come back furthest through time. */
function curvesOf(runId: CellKind): Curve[] {
  const d = useStore.getState().traces[runId]?.trace.layers[0]?.[0];
  if (!d) return [];
  return [{ cell: runId, of: 'h', values: d.dhNorm }, ...(d.dcNorm ? [{ cell: runId, of: 'c' as const, values: d.dcNorm }] : [])];
}

/** The textbook's guides g_T · k^(T−t), anchored at the largest last-step value. */
function guides(curves: Curve[]): LogSeries[] {
  const T = Math.max(0, ...curves.map((c) => c.values.length));
  const anchor = Math.max(...curves.map((c) => c.values[c.values.length - 1] ?? 0));
  if (T < 2 || !(anchor > 0)) return [];
  return [0.9, 1.1].map((k) => ({ color: GUIDE, dash: [2, 4], width: 1.5, values: Float64Array.from({ length: T }, (_, i) => anchor * k ** (T - 1 - i)) }));
}

export function GradientFlow() {
  const t = useT();
  // primitive arrays, so the shallow comparison sees when nothing changed
  const ids = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  // whether each run's latest step clipped, read when a trace redraws the chart (not subscribed:
  // the metrics arrive four times a second and would redraw the chart each time)
  const clipped = (id: string) => useStore.getState().runs.find((r) => r.id === id)?.points.at(-1)?.clipped ?? false;
  const { lossAt, whhScale, forgetBias } = useStore(useShallow((s) => ({ lossAt: s.inspect.lossAt, whhScale: s.inspect.whhScale, forgetBias: s.inspect.forgetBias })));
  // backward mode's position, marked on the chart (the step BPTT has reached)
  const mark = useStore((s) => (s.stepper?.backward != null ? stepperT(s.stepper) - s.stepper.backward + 1 : null));
  // a classifier's loss enters at the final state only: there is no choice of loss to show
  const classify = useStore((s) => s.mode === 'classify');
  const memory = useStore((s) => (s.mode === 'memory' ? s.memory : null));
  const [version, setVersion] = useState(0);
  // a transition: React renders the panel interruptibly, so traces never block the main thread
  useEffect(() => useStore.subscribe((s, prev) => s.traces !== prev.traces && startTransition(() => setVersion((v) => v + 1))), []);
  const runs = ids.map((id, i) => ({ id, label: labels[i]!, clipped: clipped(id), curves: curvesOf(id) })).filter((r) => r.curves.length > 0);
  const curves = runs.flatMap((r) => r.curves);
  const series: LogSeries[] = curves.map((c) => ({ color: CELLS[c.cell].color, values: c.values, ...(c.of === 'c' ? { dash: [6, 4] } : {}) }));
  const last = lossAt === 'last' || classify;
  const shownGuides = last ? guides(curves) : [];
  const T = Math.max(0, ...curves.map((c) => c.values.length));
  // a memory task: the last answer and the input it needs, on the traced sequence (every run's is the same)
  const frame = runs[0] && useStore.getState().traces[runs[0].id];
  const evidence = memory && frame ? lastAnswerSource(memory, frame.symbols, frame.trace.inputs, frame.trace.targets) : null;
  const said = !last ? null : evidence ? memoryVerdict(curves, evidence.answer, evidence.source) : memory ? null : verdict(curves, T);
  const storedLabel = evidence ? t('grad.storedMark', { t: evidence.source + 1 }) : '';
  const [hover, setHover] = useState<number | null>(null);
  const [box, { width, height }] = useSize();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<LogChartLayout | null>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0 || height === 0) return;
    const ctx = cssPixelContext(c, width, height);
    const marked = mark !== null ? { step: mark, color: GRAD_COLOR } : evidence && last ? { step: evidence.source + 1, color: STORED_COLOR, label: storedLabel } : null;
    layout.current = drawLogLines(ctx, width, height, series, hover, marked, shownGuides);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- series, guides and the evidence are derived from version (the traces) and runs
  }, [version, width, height, hover, ids.join(), mark, last, storedLabel]);
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const l = layout.current;
    setHover(l ? stepAt(l, e.nativeEvent.offsetX) : null);
  };
  return (
    <Panel title={t('grad.title')} className="grad-panel" testId="grad-panel">
      <p className="meta">{t(classify ? 'grad.explainClassify' : memory ? (lossAt === 'all' ? 'grad.explainMemoryAll' : 'grad.explainMemory') : lossAt === 'all' ? 'grad.explain' : 'grad.explainLast')}</p>
      <p className="meta" data-testid="grad-shows">
        {t('grad.shows')} {last && t('grad.guides')}
      </p>
      <div className="inside-options">
        {!classify && (
          <SelectField
            id="grad-loss-at"
            label={t('grad.lossAt')}
            value={lossAt}
            options={[
              ['all', t(memory ? 'grad.lossAllMemory' : 'grad.lossAll')],
              ['last', t(memory ? 'grad.lossLastMemory' : 'grad.lossLast')],
            ]}
            onChange={(v) => setInspect({ lossAt: v })}
            hint={t('hint.lossAt')}
          />
        )}
        <div className="field">
          <label htmlFor="grad-whh-scale">{t('grad.whhScale', { k: whhScale.toFixed(2) })}</label>
          <input id="grad-whh-scale" data-testid="grad-whh-scale" type="range" min={0.5} max={1.5} step={0.05} value={whhScale} onChange={(e) => setInspect({ whhScale: Number(e.target.value) })} aria-describedby="grad-whh-scale-hint" />
          <Hint id="grad-whh-scale" text={t('hint.whhScale')} />
        </div>
        {ids.includes('lstm') && (
          <div className="field">
            <label htmlFor="grad-forget-bias">{t('grad.forgetBias', { b: forgetBias.toFixed(1) })}</label>
            <input id="grad-forget-bias" data-testid="grad-forget-bias" type="range" min={0} max={5} step={0.5} value={forgetBias} onChange={(e) => setInspect({ forgetBias: Number(e.target.value) })} aria-describedby="grad-forget-bias-hint" />
            <Hint id="grad-forget-bias" text={t('hint.forgetBias')} />
          </div>
        )}
        {!memory && (
          <button type="button" data-testid="grad-try-memory" onClick={() => applyPreset('memory')}>
            {t('grad.tryMemory')}
          </button>
        )}
      </div>
      {(whhScale !== 1 || forgetBias !== 0) && (
        <p className="note" data-testid="grad-what-if">
          {t('grad.whatIf', { k: whhScale.toFixed(2), b: forgetBias.toFixed(1) })}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="meta">{t('inside.empty')}</p>
      ) : (
        <>
          <p className="meta grad-axis-y" data-testid="grad-axis-y">
            ↑ {t('grad.axisY')}
          </p>
          <div ref={box} className="grad-chart" data-testid="grad-chart" data-version={version} data-series={runs.length} data-curves={series.length} data-loss-at={lossAt} data-mark={mark ?? ''}>
            <canvas
              ref={canvas}
              role="img"
              tabIndex={0}
              aria-label={`${t('grad.title')}. ${t('grad.canvasKeys')}`}
              aria-describedby="grad-legend"
              onMouseMove={onMove}
              onMouseLeave={() => setHover(null)}
              onKeyDown={(e) => {
                // the readout without a mouse: the arrow keys choose the time step
                const to = { ArrowLeft: (hover ?? T + 1) - 1, ArrowRight: (hover ?? 0) + 1, Home: 1, End: T }[e.key];
                if (to === undefined || T === 0) return;
                e.preventDefault();
                setHover(Math.max(1, Math.min(T, to)));
              }}
              onBlur={() => setHover(null)}
            />
          </div>
          <p className="meta grad-axis-x" data-testid="grad-axis-x" style={{ textAlign: 'center', margin: '2px 0 0' }}>
            {t('grad.axisX')} →
          </p>
          <div className="legend" id="grad-legend" aria-live="off">
            {runs.map((r) => (
              <span key={r.id} className="legend-item" data-testid={`grad-legend-${r.id}`}>
                <span className="swatch" style={{ background: CELLS[r.id].color }} aria-hidden="true" />
                {r.label}
                {r.clipped ? ` (${t('grad.clipped')})` : ''}
                {hover !== null && r.curves[0]!.values[hover - 1] !== undefined && <span className="meta"> {r.curves[0]!.values[hover - 1]!.toExponential(2)}</span>}
                {r.curves[1] && (
                  <span className="meta">
                    {' · '}
                    <span className="swatch dashed" style={{ borderColor: CELLS[r.id].color }} aria-hidden="true" />
                    {t('grad.cOf', { name: r.label })}
                    {hover !== null && r.curves[1].values[hover - 1] !== undefined && ` ${r.curves[1].values[hover - 1]!.toExponential(2)}`}
                  </span>
                )}
              </span>
            ))}
            {hover !== null && <span className="legend-item meta">t = {hover}</span>}
          </div>
          {said && (
            <p className="grad-verdict" data-testid="grad-verdict" data-verdict={said.key} data-source={evidence?.source ?? ''} data-answer={evidence?.answer ?? ''}>
              {t(said.key, said.vars)}
            </p>
          )}
        </>
      )}
    </Panel>
  );
}
