// Over the loss chart's plot: drag across it to zoom into an x range; hover (or, focused, the
// arrow keys) to read every visible run's value at an x, training and validation, smoothed and
// raw; + and − zoom, Shift+arrows pan, 0 resets. The drawing under it is not redrawn for any of this.
import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { nearest, panRange, zoomRange, type CurvePoint } from '../draw/chart-series.ts';
import { useNumber, useT } from '../i18n.ts';

export interface OverlayCurve {
  id: string;
  name: string;
  color: string;
  val: boolean;
  points: readonly CurvePoint[];
}

export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The x domain drawn, and all of the data's x (what zooming out returns to). */
  domain: readonly [number, number];
  full: readonly [number, number];
}

interface Props {
  box: PlotBox;
  curves: readonly OverlayCurve[];
  xLabel: (x: number) => string;
  range: readonly [number, number] | null;
  onRange: (r: [number, number] | null) => void;
}

export function ChartOverlay({ box, curves, xLabel, range, onRange }: Props) {
  const t = useT();
  const fmt = useNumber();
  const [hover, setHover] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const width = box.right - box.left;
  const [d0, d1] = box.domain;
  const xAt = (px: number) => d0 + ((Math.min(box.right, Math.max(box.left, px)) - box.left) / Math.max(1, width)) * (d1 - d0);
  const pxAt = (x: number) => box.left + ((x - d0) / (d1 - d0 || 1)) * width;
  const local = (e: PointerEvent<HTMLDivElement>) => e.clientX - e.currentTarget.getBoundingClientRect().left;
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const [lo, hi] = box.full;
    const step = (d1 - d0) / 20;
    let handled = true;
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.shiftKey) onRange(panRange(range ?? [lo, hi], e.key === 'ArrowLeft' ? -0.2 : 0.2, lo, hi));
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') setHover(Math.min(d1, Math.max(d0, (hover ?? d1) + (e.key === 'ArrowLeft' ? -step : step))));
    else if (e.key === '+' || e.key === '=') onRange(zoomRange(range, 0.5, lo, hi));
    else if (e.key === '-' || e.key === '_') onRange(zoomRange(range, 2, lo, hi));
    else if (e.key === '0' || e.key === 'Escape') onRange(null);
    else handled = false;
    if (handled) e.preventDefault();
  };
  const at = hover === null ? null : curves.map((c) => ({ c, p: nearest(c.points, hover) })).filter((r): r is { c: OverlayCurve; p: CurvePoint } => r.p !== null);
  const left = hover === null ? 0 : pxAt(hover);
  return (
    <div
      className="chart-overlay"
      data-testid="chart-overlay"
      tabIndex={0}
      role="img"
      aria-label={t('chart.area')}
      aria-describedby="chart-readout"
      style={{ left: box.left, width, top: box.top, height: box.bottom - box.top }}
      onPointerMove={(e) => {
        const x = xAt(local(e) + box.left);
        setHover(x);
        if (drag) setDrag({ ...drag, to: x });
      }}
      onPointerLeave={() => {
        setHover(null);
        setDrag(null);
      }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        const x = xAt(local(e) + box.left);
        setDrag({ from: x, to: x });
      }}
      onPointerUp={() => {
        if (drag && Math.abs(pxAt(drag.to) - pxAt(drag.from)) > 6) onRange([Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]);
        setDrag(null);
      }}
      onKeyDown={onKey}
      onBlur={() => setHover(null)}
    >
      {drag && <div className="chart-drag" style={{ left: Math.min(pxAt(drag.from), pxAt(drag.to)) - box.left, width: Math.abs(pxAt(drag.to) - pxAt(drag.from)) }} />}
      {hover !== null && <div className="chart-cursor" style={{ left: left - box.left }} />}
      {at && at.length > 0 && (
        <div className={`chart-readout${left - box.left > width / 2 ? ' flip' : ''}`} id="chart-readout" data-testid="chart-readout" role="status" style={left - box.left > width / 2 ? { right: width - (left - box.left) + 12 } : { left: left - box.left + 12 }}>
          <div className="meta">{t('chart.readout', { x: xLabel(hover!) })}</div>
          {at.map(({ c, p }) => (
            <div key={`${c.id}-${c.val}`} className="readout-row">
              <span className={`swatch${c.val ? ' dashed' : ''}`} style={c.val ? { borderColor: c.color } : { background: c.color }} aria-hidden="true" />
              {c.val ? `${c.name} (${t('chart.val')})` : c.name}: {fmt(p.y)}
              {p.raw !== p.y && <span className="meta"> ({fmt(p.raw)})</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
