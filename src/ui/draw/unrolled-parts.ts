// Pieces of the unrolled-network drawing (./unrolled.ts): arrows (horizontal and vertical, any
// width), the zero initial state, and a classifier's label box, which is kept inside the canvas.
import type { TraceFrame } from '../../store/traces.ts';

/** An arrow from (x1, y1) to (x2, y2), `width` px thick, its head scaled with it. */
export function arrow(ctx: CanvasRenderingContext2D, x1: number, y1: number, x2: number, y2: number, color: string, width = 1.5) {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
  const head = 5 + width;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2 - ux * head * 0.8, y2 - uy * head * 0.8);
  ctx.stroke();
  const w = 3 + width * 0.8;
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - ux * head - uy * w, y2 - uy * head + ux * w);
  ctx.lineTo(x2 - ux * head + uy * w, y2 - uy * head - ux * w);
  ctx.fill();
}

const ZERO_W = 34;

/** The zero initial state: a small "h₀=0" box at x0 with an arrow into the first step at x1. */
export function zeroState(ctx: CanvasRenderingContext2D, x0: number, y: number, x1: number, color: string) {
  ctx.strokeStyle = '#3a4666';
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 2]);
  ctx.strokeRect(x0, y - 9, ZERO_W, 18);
  ctx.setLineDash([]);
  ctx.fillStyle = '#98a2b8';
  ctx.font = '10px ui-monospace, Menlo, monospace';
  ctx.fillText('h₀=0', x0 + 3, y);
  ctx.font = '12px ui-monospace, Menlo, monospace';
  arrow(ctx, x1 > x0 ? x0 + ZERO_W : x0, y, x1, y, color);
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a classifier's label box goes: over the last column, ending `margin` px inside the canvas. */
export function classifierBox(width: number, lastColumnX: number, top: number, height: number, margin = 4): Rect {
  return { x: lastColumnX + 2, y: top, w: width - margin - (lastColumnX + 2), h: height };
}

/** Text cut with an ellipsis to fit `max` px. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > max) s = s.slice(0, -1);
  return `${s}…`;
}

/**
 * A classifier's output: its most likely labels in `box`, fed by the top layer's final states —
 * the forward direction's at the last column (x `lastH`, from y `fwdY`), the backward direction's
 * at the first (from (`firstX`, `bwdY`), along the top band).
 */
export function drawClassifier(ctx: CanvasRenderingContext2D, f: TraceFrame, box: Rect, lastH: number, fwdY: number, firstX: number, bwdY: number | null) {
  const { probs } = f.trace.classifier!;
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!).slice(0, 3);
  ctx.fillStyle = 'rgba(45, 212, 191, 0.10)';
  ctx.strokeStyle = '#2dd4bf';
  ctx.lineWidth = 1.5;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.strokeRect(box.x, box.y, box.w, box.h);
  ctx.font = '11px ui-monospace, Menlo, monospace';
  order.forEach((k, j) => {
    ctx.fillStyle = j === 0 ? '#2dd4bf' : '#c9d1e3';
    ctx.fillText(fit(ctx, `${Math.round(probs[k]! * 100)}% ${f.labels[k] ?? String(k)}`, box.w - 8), box.x + 4, box.y + 10 + j * 16);
  });
  ctx.font = '12px ui-monospace, Menlo, monospace';
  ctx.strokeStyle = '#c9d1e3';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(lastH, fwdY);
  ctx.lineTo(lastH, box.y + box.h);
  ctx.stroke();
  if (bwdY !== null) {
    // backward: its last step is t = 0; along the top band to the box
    const yTop = box.y + box.h + 6;
    ctx.strokeStyle = '#f5b942';
    ctx.beginPath();
    ctx.moveTo(firstX, bwdY);
    ctx.lineTo(firstX, yTop);
    ctx.lineTo(box.x + 8, yTop);
    ctx.lineTo(box.x + 8, box.y + box.h);
    ctx.stroke();
  }
}
