// "Which inputs a prediction used" (RNNbow's view): for one prediction of the inspected window, each
// earlier input tinted by ‖∂L_t/∂x_s‖ (src/model/saliency.ts), one row per run (RNN, LSTM and GRU
// side by side in compare mode), the caption worded from the row's own numbers (over the inputs up
// to the prediction), and under each row a strip of the same prediction at its latest traces (src/store/inspect.ts withSaliencyRow),
// drawn on a canvas. Clicking a character chooses the prediction after it.
import { useEffect, useRef } from 'react';
import { setInspect } from '../../store/actions.ts';
import type { SaliencyRow } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { saliencyReach } from '../../model/saliency.ts';
import { useSentences, useT } from '../i18n.ts';
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

/** The strongest tint's share of the run's colour: characters stay readable on it. */
const MAX_TINT = 0.7;

/** A gradient or probability for reading: three significant digits, powers of ten below 0.001. */
const num = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.001 ? v.toPrecision(3) : v.toExponential(2));
/** A share as a percentage, two significant digits. */
const pct = (v: number) => `${v >= 0.1 ? Math.round(v * 100) : (v * 100).toPrecision(2)}%`;
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
        ctx.globalAlpha = MAX_TINT * tintAlpha(row.norms[s]!, max);
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
  const sentences = useSentences();
  const run = useStore((s) => s.runs.find((r) => r.id === runId));
  const frame = useStore((s) => s.traces[runId]);
  const row = rows.at(-1);
  if (!run || !frame || !row) return null;
  const { trace, symbols } = frame;
  const classify = trace.classifier !== undefined;
  const chars = Array.from(trace.inputs, (id) => symbols[id] ?? '?');
  const max = Math.max(...row.norms);
  const reach = saliencyReach(row.norms, row.at);
  const oneWay = !run.model.bidirectional;
  const twoWay = !oneWay && row.norms.subarray(row.at + 1).some((v) => v > 0);
  const steps = (n: number) => (n === 1 ? t('sal.step1') : t('sal.steps', { n }));
  const first = rows[0]!;
  // time steps are counted from 1 on the page (the inside view's), indices from 0 here
  const head = classify
    ? t('sal.runClassify', { run: run.label, step: row.step })
    : t('sal.run', { run: run.label, step: row.step, ch: shown(chars[row.at] ?? ''), at: row.at + 1, next: shown(symbols[trace.targets[row.at]!] ?? ''), p: num(trace.targetProbs[row.at]!) });
  return (
    <div className="saliency-run" data-testid={`saliency-${runId}`} data-at={row.at} data-step={row.step}>
      <h3 className="saliency-head">
        <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
        {head}
      </h3>
      <div className="saliency-scroll">
        <div className="saliency-chars" role="group" aria-label={t('sal.chars')}>
          {chars.map((ch, s) => {
            const pick = !classify && trace.targets[s]! >= 0;
            const later = oneWay && !classify && s > row.at;
            const style = { background: `color-mix(in srgb, ${run.color} ${Math.round(100 * MAX_TINT * tintAlpha(row.norms[s]!, max))}%, transparent)` };
            const label = t(later ? 'sal.charLater' : pick ? 'sal.charPick' : 'sal.char', { ch: shown(ch), s: s + 1, value: num(row.norms[s]!) });
            return (
              <button key={s} type="button" className={`saliency-char${s === row.at && !classify ? ' chosen' : ''}${later ? ' later' : ''}`} style={style} title={label} aria-label={label} aria-pressed={pick ? s === row.at : undefined} disabled={!pick} data-value={row.norms[s]} onClick={() => setInspect({ saliencyAt: s })}>
                {shown(ch)}
              </button>
            );
          })}
        </div>
        <Strip rows={rows} color={run.color} label={t('sal.stripLabel', { first: first.step, last: row.step })} />
      </div>
      {reach && (
        <p className="meta" data-testid={`saliency-caption-${runId}`}>
          {sentences([
            t('sal.peak', { max: num(reach.max), peak: reach.peak === row.at ? t('sal.peakSelf') : t('sal.peakBack', { n: steps(row.at - reach.peak), ch: shown(chars[reach.peak] ?? ''), s: reach.peak + 1 }) }),
            row.at > 0 && t('sal.first', { ch: shown(chars[0] ?? ''), share: pct(row.norms[0]! / reach.max) }),
            reach.steps < row.at && t('sal.reach', { reach: steps(reach.steps), at: row.at + 1 }),
            twoWay && t('sal.later', { at: row.at + 1 }),
          ])}
        </p>
      )}
      <p className="meta">{rows.length > 1 ? t('sal.strip', { first: first.step, last: row.step }) : t('sal.stripOne')}</p>
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
