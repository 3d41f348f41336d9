// The decay figure: a^k and its mirror (2 − a)^k over k, the steps back from the last step, on a log
// axis; a slider for the factor and one for k, and a readout of both values (0.9^50 = 0.00515,
// 1.1^50 = 117). Where the page has a trace of the last step's loss alone (the gradient view's "last
// step" choice), each run's measured ‖∂L/∂h‖ ratio k steps back is drawn dashed in a colour of its
// own (MEASURED_COLORS, never the two curves'), with a legend that names it as measured.
import { startTransition, useEffect, useRef, useState } from 'react';
import type { CellKind } from '../../../model/cells/registry.ts';
import { useStore } from '../../../store/store.ts';
import { cssPixelContext, drawLogLines, type LogSeries } from '../../draw/log-lines.ts';
import { useSize } from '../../hooks/useSize.ts';
import { useT } from '../../i18n.ts';
import { FACTOR, MAX_T, formatFactor, formatPower, measuredRatios, mirrorFactor, powers } from './decay-math.ts';

/** The two curves' colours on the plot's dark surface (both above 7:1 on it). */
export const DECAY_COLORS = ['#7cc4ff', '#ffb36b'] as const;
/** The measured runs' dashed curves, one colour per run, unlike both of DECAY_COLORS. */
export const MEASURED_COLORS = ['#b8f28a', '#f0a6ff', '#fff07a'] as const;
const measuredColor = (i: number) => MEASURED_COLORS[i % MEASURED_COLORS.length]!;

/** The runs' measured ratios, when their latest traces are of the last step's loss. */
function measured(): { id: CellKind; label: string; values: Float64Array }[] {
  const s = useStore.getState();
  if (s.inspect.lossAt !== 'last' || s.mode === 'classify') return [];
  return s.runs.flatMap((r) => {
    const f = s.traces[r.id];
    const d = f?.lossAt === 'last' ? f.trace.layers[0]?.[0] : undefined;
    const values = d ? measuredRatios(d.dhNorm) : new Float64Array(0);
    return values.length > 0 ? [{ id: r.id, label: r.label, values }] : [];
  });
}

export function DecayFigure() {
  const t = useT();
  const [a, setA] = useState(0.9);
  const [T, setT] = useState(50);
  const b = mirrorFactor(a);
  const [version, setVersion] = useState(0);
  useEffect(() => useStore.subscribe((s, prev) => s.traces !== prev.traces && startTransition(() => setVersion((v) => v + 1))), []);
  const runs = measured();
  const [box, { width, height }] = useSize();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0 || height === 0) return;
    const ctx = cssPixelContext(c, width, height);
    const series: LogSeries[] = [
      { color: DECAY_COLORS[0], values: powers(a, T) },
      { color: DECAY_COLORS[1], values: powers(b, T) },
      ...runs.map((r, i) => ({ color: measuredColor(i), dash: [4, 3], width: 1.5, values: r.values })),
    ];
    drawLogLines(ctx, width, height, series);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the measured runs follow version (the traces)
  }, [a, b, T, width, height, version]);
  const va = formatPower(a ** T);
  const vb = formatPower(b ** T);
  return (
    <figure className="lesson-figure decay-figure" data-testid="figure-decay" data-factor={a} data-t={T}>
      <figcaption>{t('fig.decay.title')}</figcaption>
      <div className="figure-controls">
        <div className="field">
          <label htmlFor="fig-decay-factor">{t('fig.decay.factor', { a: formatFactor(a) })}</label>
          <input id="fig-decay-factor" data-testid="fig-decay-factor" type="range" min={FACTOR.min} max={FACTOR.max} step={FACTOR.step} value={a} onChange={(e) => setA(Number(e.target.value))} />
        </div>
        <div className="field">
          <label htmlFor="fig-decay-steps">{t('fig.decay.steps', { T })}</label>
          <input id="fig-decay-steps" data-testid="fig-decay-steps" type="range" min={1} max={MAX_T} step={1} value={T} onChange={(e) => setT(Number(e.target.value))} />
        </div>
      </div>
      <p className="figure-readout" data-testid="fig-decay-readout" aria-live="polite">
        <span style={{ borderColor: DECAY_COLORS[0] }}>
          {formatFactor(a)}
          <sup>{T}</sup> = {va}
        </span>
        <span style={{ borderColor: DECAY_COLORS[1] }}>
          {formatFactor(b)}
          <sup>{T}</sup> = {vb}
        </span>
        {runs.map((r, i) => (
          <span key={r.id} className="figure-measured" style={{ borderColor: measuredColor(i) }} data-testid={`fig-decay-legend-${r.id}`}>
            {t('fig.decay.legendMeasured', { run: r.label })}
          </span>
        ))}
      </p>
      <div className="figure-plot">
        <span className="figure-axis-y">↑ {t('fig.decay.axisY')}</span>
        <div ref={box} className="figure-canvas">
          <canvas ref={canvas} role="img" aria-label={t('fig.decay.canvas', { a: formatFactor(a), b: formatFactor(b), T, va, vb })} />
        </div>
        <span className="figure-axis-x">{t('fig.decay.axisX')} →</span>
      </div>
      {runs.length > 0 ? (
        <p className="meta" data-testid="fig-decay-measured">
          {t('fig.decay.measured')}
        </p>
      ) : (
        <p className="meta">{t('fig.decay.explain')}</p>
      )}
    </figure>
  );
}
