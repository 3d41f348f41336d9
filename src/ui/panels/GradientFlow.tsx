// Gradient flow through time: ||dL/dh_t|| over the inspected window for the latest trace of each
// run, on a log scale: of the loss training minimises (every step), or of the last step's loss
// alone, where a vanilla RNN's vanishing gradient shows beside the LSTM's and the GRU's.
// Drawn on a canvas (src/ui/draw/log-lines.ts) once per trace (about a second), not per frame;
// hovering a step shows each run's value in the legend.
import { startTransition, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { setInspect } from '../../store/actions.ts';
import { CELLS } from '../../model/cells/registry.ts';
import { useStore } from '../../store/store.ts';
import { drawLogLines, stepAt, type LogChartLayout } from '../draw/log-lines.ts';
import { useSize } from '../hooks/useSize.ts';
import { useT } from '../i18n.ts';
import { Panel, SelectField } from './fields.tsx';

/** Bottom layer, forward direction: the gradient that has come back furthest through time. */
function gradients(runId: string): Float32Array | null {
  return useStore.getState().traces[runId]?.trace.layers[0]?.[0]?.dhNorm ?? null;
}

export function GradientFlow() {
  const t = useT();
  // primitive arrays, so the shallow comparison sees when nothing changed
  const ids = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  // whether each run's latest step clipped, read when a trace redraws the chart (not subscribed:
  // the metrics arrive four times a second and would redraw the chart each time)
  const clipped = (id: string) => useStore.getState().runs.find((r) => r.id === id)?.points.at(-1)?.clipped ?? false;
  const runs = ids.map((id, i) => ({ id, label: labels[i]!, clipped: clipped(id) }));
  const lossAt = useStore((s) => s.inspect.lossAt);
  // a classifier's loss enters at the final state only: there is no choice of loss to show
  const classify = useStore((s) => s.mode === 'classify');
  const [version, setVersion] = useState(0);
  // a transition: React renders the panel interruptibly, so traces never block the main thread
  useEffect(() => useStore.subscribe((s, prev) => s.traces !== prev.traces && startTransition(() => setVersion((v) => v + 1))), []);
  const series = runs.map((r) => ({ ...r, g: gradients(r.id) })).filter((r): r is typeof r & { g: Float32Array } => r.g !== null);
  const [hover, setHover] = useState<number | null>(null);
  const [box, { width, height }] = useSize();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<LogChartLayout | null>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0 || height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    layout.current = drawLogLines(ctx, width, height, series.map((s) => ({ color: CELLS[s.id].color, values: s.g })), hover);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- series is derived from version (the traces) and runs
  }, [version, width, height, hover, ids.join()]);
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const l = layout.current;
    setHover(l ? stepAt(l, e.nativeEvent.offsetX) : null);
  };
  return (
    <Panel title={t('grad.title')} className="grad-panel" testId="grad-panel">
      <p className="meta">{t(classify ? 'grad.explainClassify' : lossAt === 'all' ? 'grad.explain' : 'grad.explainLast')}</p>
      {!classify && (
        <div className="inside-options">
        <SelectField
          id="grad-loss-at"
          label={t('grad.lossAt')}
          value={lossAt}
          options={[
            ['all', t('grad.lossAll')],
            ['last', t('grad.lossLast')],
          ]}
          onChange={(v) => setInspect({ lossAt: v })}
        />
        </div>
      )}
      {series.length === 0 ? (
        <p className="meta">{t('inside.empty')}</p>
      ) : (
        <>
          <div ref={box} className="grad-chart" data-testid="grad-chart" data-version={version} data-series={series.length} data-loss-at={lossAt}>
            <canvas ref={canvas} role="img" aria-label={t('grad.title')} onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
          </div>
          <div className="legend" aria-live="off">
            {series.map((s) => (
              <span key={s.id} className="legend-item" data-testid={`grad-legend-${s.id}`}>
                <span className="swatch" style={{ background: CELLS[s.id].color }} aria-hidden="true" />
                {s.label}
                {s.clipped ? ` (${t('grad.clipped')})` : ''}
                {hover !== null && s.g[hover - 1] !== undefined && <span className="meta"> {s.g[hover - 1]!.toExponential(2)}</span>}
              </span>
            ))}
            {hover !== null && <span className="legend-item meta">t = {hover}</span>}
          </div>
        </>
      )}
    </Panel>
  );
}
