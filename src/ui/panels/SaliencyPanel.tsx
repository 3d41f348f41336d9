// "Which inputs a prediction used" (RNNbow's view): for one prediction of the inspected window, each
// earlier input tinted by ‖∂L_t/∂x_s‖ (src/model/saliency.ts), one row per run (RNN, LSTM and GRU
// side by side in compare mode), the caption worded from the row's own numbers, and under each
// row a strip of the same prediction at its latest traces (src/store/inspect.ts withSaliencyRow),
// drawn on a canvas. Clicking a character chooses the prediction after it.
import { useEffect, useRef } from 'react';
import { setInspect } from '../../store/actions.ts';
import type { SaliencyRow } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { saliencyReach } from '../../model/saliency.ts';
import { useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

/** Decades of the log scale: a gradient this many powers of ten below the row's largest is clear. */
const DECADES = 3;
/** Height of one strip row (CSS pixels). */
const STRIP_ROW = 7;

/** The tint's opacity for `v` in a row whose largest is `max`: 1 at the largest, 0 at a thousandth. */
export function tintAlpha(v: number, max: number): number {
  if (!(max > 0) || !(v > 0)) return 0;
  return Math.min(1, Math.max(0, 1 + Math.log10(v / max) / DECADES));
}

const sci = (v: number) => (v === 0 ? '0' : v.toExponential(2));
/** A symbol as shown in a cell: spaces and line breaks made visible. */
const shown = (ch: string) => (ch === ' ' ? '␣' : ch === '\n' ? '↵' : ch);

function Strip({ rows, color, label }: { rows: readonly SaliencyRow[]; color: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const T = rows[0]?.norms.length ?? 0;
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || T === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const width = c.clientWidth;
    c.width = Math.round(width * dpr);
    c.height = Math.round(rows.length * STRIP_ROW * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, rows.length * STRIP_ROW);
    const w = (width + 2) / T; // the columns of the characters above
    rows.forEach((row, r) => {
      const max = Math.max(...row.norms);
      for (let s = 0; s < T; s++) {
        ctx.globalAlpha = tintAlpha(row.norms[s]!, max);
        ctx.fillStyle = color;
        ctx.fillRect(s * w, r * STRIP_ROW + 0.5, Math.max(1, w - 2), STRIP_ROW - 1);
      }
    });
    ctx.globalAlpha = 1;
  }, [rows, color, T]);
  // as wide as the characters above it: a column per step (1.9em and a 2px gap each)
  return <canvas ref={canvas} className="saliency-strip" style={{ height: rows.length * STRIP_ROW, width: `calc(${T} * (1.9em + 2px) - 2px)` }} role="img" aria-label={label} data-rows={rows.length} data-testid="saliency-strip" />;
}

function RunRow({ runId, rows }: { runId: string; rows: readonly SaliencyRow[] }) {
  const t = useT();
  const run = useStore((s) => s.runs.find((r) => r.id === runId));
  const frame = useStore((s) => s.traces[runId]);
  const row = rows.at(-1);
  if (!run || !frame || !row) return null;
  const { trace, symbols } = frame;
  const classify = trace.classifier !== undefined;
  const chars = Array.from(trace.inputs, (id) => symbols[id] ?? '?');
  const max = Math.max(...row.norms);
  const reach = saliencyReach(row.norms, row.at);
  const peak = row.norms.indexOf(max);
  const twoWay = run.model.bidirectional && row.norms.subarray(row.at + 1).some((v) => v > 0);
  const steps = (n: number) => (n === 1 ? t('sal.step1') : t('sal.steps', { n }));
  const first = rows[0]!;
  return (
    <div className="saliency-run" data-testid={`saliency-${runId}`} data-at={row.at} data-step={row.step}>
      <h3 className="saliency-head">
        <span className="swatch" style={{ background: run.color }} aria-hidden="true" />{' '}
        {classify ? t('sal.runClassify', { run: run.label, step: row.step }) : t('sal.run', { run: run.label, step: row.step, ch: shown(chars[row.at] ?? ''), at: row.at, next: shown(symbols[trace.targets[row.at]!] ?? '') })}
      </h3>
      <div className="saliency-scroll">
      <div className="saliency-chars" role="group" aria-label={t('sal.chars')}>
        {chars.map((ch, s) => {
          const value = sci(row.norms[s]!);
          const pick = !classify && trace.targets[s]! >= 0;
          const style = { background: `color-mix(in srgb, ${run.color} ${Math.round(100 * tintAlpha(row.norms[s]!, max))}%, transparent)` };
          const label = t(pick ? 'sal.charPick' : 'sal.char', { ch: shown(ch), s, value });
          return (
            <button key={s} type="button" className={`saliency-char${s === row.at && !classify ? ' chosen' : ''}`} style={style} title={label} aria-label={label} aria-pressed={pick ? s === row.at : undefined} disabled={!pick} data-value={row.norms[s]} onClick={() => setInspect({ saliencyAt: s })}>
              {shown(ch)}
            </button>
          );
        })}
      </div>
      <Strip rows={rows} color={run.color} label={t('sal.stripLabel', { first: first.step, last: row.step })} />
      </div>
      <p className="meta" data-testid={`saliency-caption-${runId}`}>
        {reach &&
          (reach.steps < row.at
            ? t('sal.reach', { max: sci(max), peak: peak === row.at ? t('sal.peakSelf') : t('sal.peakBack', { n: steps(row.at - peak) }), reach: steps(reach.steps), at: row.at })
            : t('sal.reachAll', { max: sci(max), peak: peak === row.at ? t('sal.peakSelf') : t('sal.peakBack', { n: steps(row.at - peak) }) }))}
        {twoWay && <> {t('sal.later', { at: row.at })}</>}
      </p>
      <p className="meta">{rows.length > 1 ? t('sal.strip', { n: rows.length, first: first.step, last: row.step }) : t('sal.stripOne')}</p>
    </div>
  );
}

export function SaliencyPanel() {
  const t = useT();
  const saliency = useStore((s) => s.saliency);
  const ids = useStore((s) => s.runs.map((r) => r.id).join());
  const classify = useStore((s) => s.mode === 'classify');
  const shownIds = ids.split(',').filter((id) => (saliency[id]?.length ?? 0) > 0);
  return (
    <Panel title={t('sal.title')} className="saliency-panel" testId="saliency-panel">
      <p className="meta">{t(classify ? 'sal.explainClassify' : 'sal.explain')}</p>
      {shownIds.length === 0 ? <p className="meta">{t('sal.waiting')}</p> : shownIds.map((id) => <RunRow key={id} runId={id} rows={saliency[id]!} />)}
    </Panel>
  );
}
