// Draws the unrolled network of one trace on a canvas: a column per time step with the input
// character, every layer's gates, c_t (LSTM) and h_t as strips of units, the top predictions with
// the true next character marked, and the recurrent arrows h_{t-1} -> h_t (reversed for a backward
// direction), each direction starting from a zero state (h₀ = 0) at its end of the window.
// `progress` in [0, 1] animates the new trace flowing along the arrows over the old. Line mode's
// start and end tokens show as ⟨s⟩ and ⟨/s⟩; a classifier draws no per-step predictions, only its
// label box fed by the final state of each direction (the last column forward, the first backward).
import { cellSpec } from '../../model/cells/registry.ts';
import { END, START } from '../../model/tasks.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { unitCells } from './cells.ts';

export const COL_W = 76;
const PAD = 12;
/** Space left and right of the columns for the zero initial states. */
export const EDGE = 48;
const PRED_H = 70;
const STRIP_H = 80;
const ROW_GAP = 18;
const INPUT_H = 34;
const GATE_W = 7;
const C_W = 10;
const H_W = 14;

/** How a symbol is shown: whitespace made visible, line mode's tokens named. */
export function showSymbol(s: string | undefined): string {
  if (s === undefined) return '?';
  const shown: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍', [START]: '⟨s⟩', [END]: '⟨/s⟩' };
  return shown[s] ?? s;
}

/** One unit of one part (a gate's row, c or h) of a (layer, direction), to ring in the selected column. */
export interface UnitFocus {
  layer: number;
  dir: number;
  part: number | 'c' | 'h';
  unit: number;
}

export interface UnrolledLayout {
  width: number;
  height: number;
  /** y of the top of each (layer, direction) strip row. */
  rowY: (layer: number, dir: number) => number;
}

export function layoutFor(f: TraceFrame): UnrolledLayout {
  const dirs = f.model.bidirectional ? 2 : 1;
  const L = f.model.numLayers;
  const rows = L * dirs;
  return {
    width: 2 * EDGE + f.trace.T * COL_W,
    height: PAD + PRED_H + rows * (STRIP_H + ROW_GAP) + INPUT_H + PAD,
    // top layer first, input at the bottom (as the textbooks draw it)
    rowY: (layer, dir) => PAD + PRED_H + ((L - 1 - layer) * dirs + dir) * (STRIP_H + ROW_GAP) + ROW_GAP / 2,
  };
}

/** A scratch canvas the unit cells are put into, to be drawn scaled from (reused: one frame at a time). */
let scratch: OffscreenCanvas | null = null;

function cellImage(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): OffscreenCanvas {
  if (!scratch || scratch.width < width || scratch.height < height) scratch = new OffscreenCanvas(Math.max(width, scratch?.width ?? 0), Math.max(height, scratch?.height ?? 0));
  scratch.getContext('2d')!.putImageData(new ImageData(pixels, width, height), 0, 0);
  return scratch;
}

function arrow(ctx: CanvasRenderingContext2D, x1: number, x2: number, y: number, color: string) {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x1, y);
  ctx.lineTo(x2, y);
  ctx.stroke();
  const d = Math.sign(x2 - x1) * 6;
  ctx.beginPath();
  ctx.moveTo(x2, y);
  ctx.lineTo(x2 - d, y - 4);
  ctx.lineTo(x2 - d, y + 4);
  ctx.fill();
}

/**
 * Draws `next` (with `prev` still showing where the flow has not reached yet). `selected` is the
 * highlighted column or -1; `highlight` names a part to emphasise in every column (weight sharing).
 */
export function drawUnrolled(ctx: CanvasRenderingContext2D, next: TraceFrame, prev: TraceFrame | null, progress: number, selected: number, highlight: 'weights' | null, focus: UnitFocus | null = null) {
  const { trace, model, symbols } = next;
  const { T, H, gateNames } = trace;
  const G = gateNames.length;
  const dirs = model.bidirectional ? 2 : 1;
  const lay = layoutFor(next);
  ctx.clearRect(0, 0, lay.width, lay.height);
  ctx.font = '12px ui-monospace, Menlo, monospace';
  ctx.textBaseline = 'middle';
  const same = prev && prev.trace.T === T && prev.trace.H === H && prev.model.numLayers === model.numLayers && prev.model.bidirectional === model.bidirectional && prev.model.cell === model.cell;
  const front = progress * T; // columns before it (forward) show the new trace
  const gates = cellSpec(model).gates(model);
  const tanhGate = (g: number) => gates[g]?.range === 'signed';
  // the flow: forward directions fill left to right, backward ones right to left
  const reached = (t: number, d: number) => (d === 0 ? t < front : T - 1 - t < front);
  // every unit cell as one pixel of an image, each strip drawn as a column of it scaled up
  // (averaged to device pixels when H units are thinner than one)
  const cells = unitCells(trace, dirs, STRIP_H * Math.abs(ctx.getTransform().d), tanhGate, (t, l, d) => (reached(t, d) || !same ? trace : prev.trace).layers[l]![d]!);
  const image = cellImage(cells.pixels, cells.width, cells.height);
  ctx.imageSmoothingEnabled = false;
  const strip = (t: number, l: number, d: number, s: number, x: number, y: number, w: number) => ctx.drawImage(image, t * cells.strips + s, (l * dirs + d) * cells.rows, 1, cells.rows, x, y, w, STRIP_H);
  for (let t = 0; t < T; t++) {
    const x = EDGE + t * COL_W;
    if (t === selected) {
      ctx.fillStyle = 'rgba(124, 92, 255, 0.16)';
      ctx.fillRect(x + 2, PAD, COL_W - 4, lay.height - 2 * PAD);
    }
    // predictions: top 3 with bars, the true next character marked (none where not computed yet)
    const k = trace.topK.probs[t * trace.topK.k] === 0 ? 0 : Math.min(3, trace.topK.k);
    for (let j = 0; j < k; j++) {
      const id = trace.topK.ids[t * trace.topK.k + j]!;
      const p = trace.topK.probs[t * trace.topK.k + j]!;
      const y = PAD + 6 + j * 18;
      const hit = id === trace.targets[t];
      const shown = showSymbol(symbols[id]);
      const bx = x + Math.max(20, ctx.measureText(shown).width + 10);
      ctx.fillStyle = hit ? 'rgba(45, 212, 191, 0.35)' : 'rgba(152, 162, 184, 0.22)';
      ctx.fillRect(bx, y - 6, (x + COL_W - 8 - bx) * p, 12);
      ctx.fillStyle = hit ? '#2dd4bf' : '#c9d1e3';
      ctx.fillText(shown, x + 6, y);
    }
    ctx.fillStyle = '#98a2b8';
    if (k > 0) ctx.fillText(`${Math.round(trace.targetProbs[t]! * 100)}%`, x + 6, PAD + PRED_H - 10);
    for (let l = 0; l < model.numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const y = lay.rowY(l, d);
        let sx = x + 6;
        for (let g = 0; g < G; g++) {
          strip(t, l, d, g, sx, y, GATE_W);
          sx += GATE_W + 2;
        }
        if (cells.strips > G + 1) {
          strip(t, l, d, G, sx + 2, y, C_W);
          sx += C_W + 4;
        }
        strip(t, l, d, cells.strips - 1, sx + 2, y, H_W);
        const hRight = sx + 2 + H_W;
        if (focus && t === selected && focus.layer === l && focus.dir === d) {
          // the term the person is reading in the gate inspector
          const fx = focus.part === 'h' ? sx + 2 : focus.part === 'c' ? sx - C_W - 2 : x + 6 + focus.part * (GATE_W + 2);
          const fw = focus.part === 'h' ? H_W : focus.part === 'c' ? C_W : GATE_W;
          const uh = STRIP_H / H;
          ctx.strokeStyle = '#ffffff';
          ctx.lineWidth = 2;
          ctx.strokeRect(fx - 2, y + focus.unit * uh - 2, fw + 4, Math.max(uh, 1) + 4);
        }
        if (highlight === 'weights') {
          ctx.strokeStyle = '#7c5cff';
          ctx.lineWidth = 2;
          ctx.strokeRect(x + 4, y - 2, hRight - x - 2, STRIP_H + 4);
        }
        // recurrent arrow to the next step (or from it, for the backward direction)
        const mid = y + STRIP_H / 2;
        const color = d === 0 ? '#c9d1e3' : '#f5b942';
        if (t < T - 1) {
          if (d === 0) arrow(ctx, hRight + 1, x + COL_W + 4, mid, color);
          else arrow(ctx, x + COL_W + 4, hRight + 1, mid, color);
        }
        // the zero state each direction starts from
        if (d === 0 && t === 0) zeroState(ctx, 4, mid, x + 4, color);
        if (d === 1 && t === T - 1) zeroState(ctx, x + COL_W + 6, mid, hRight + 1, color);
      }
    }
    // input character
    const iy = lay.height - PAD - INPUT_H / 2;
    const input = showSymbol(symbols[trace.inputs[t]!]);
    const iw = Math.max(24, ctx.measureText(input).width + 12);
    ctx.strokeStyle = '#2b3656';
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 6, iy - 12, iw, 24);
    ctx.fillStyle = input.length > 1 ? '#2dd4bf' : '#e6e9f2';
    ctx.fillText(input, x + 12, iy);
  }
  if (trace.classifier) drawClassifier(ctx, next, lay);
  // the front of the flow: a dot travelling along the forward arrows of the bottom layer
  if (progress < 1) {
    const fx = EDGE + front * COL_W;
    const fy = lay.rowY(0, 0) + STRIP_H / 2;
    ctx.fillStyle = 'rgba(124, 92, 255, 0.9)';
    ctx.beginPath();
    ctx.arc(fx, fy, 5, 0, Math.PI * 2);
    ctx.fill();
  }
}

const ZERO_W = 34;

/** The zero initial state: a small "h₀=0" box at x0 with an arrow into the first step at x1. */
function zeroState(ctx: CanvasRenderingContext2D, x0: number, y: number, x1: number, color: string) {
  ctx.strokeStyle = '#3a4666';
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 2]);
  ctx.strokeRect(x0, y - 9, ZERO_W, 18);
  ctx.setLineDash([]);
  ctx.fillStyle = '#98a2b8';
  ctx.font = '10px ui-monospace, Menlo, monospace';
  ctx.fillText('h₀=0', x0 + 3, y);
  ctx.font = '12px ui-monospace, Menlo, monospace';
  arrow(ctx, x1 > x0 ? x0 + ZERO_W : x0, x1, y, color);
}

/**
 * A classifier's output: a box over the last column with its most likely labels, fed by the top
 * layer's final states — the forward direction's at the last column, the backward direction's at
 * the first (a line along the top from there).
 */
function drawClassifier(ctx: CanvasRenderingContext2D, f: TraceFrame, lay: UnrolledLayout) {
  const { trace, labels, model } = f;
  const { probs } = trace.classifier!;
  const T = trace.T;
  const top = model.numLayers - 1;
  const boxX = EDGE + (T - 1) * COL_W + 2;
  const boxY = PAD;
  const boxW = COL_W + EDGE - 6;
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!).slice(0, 3);
  ctx.fillStyle = 'rgba(45, 212, 191, 0.10)';
  ctx.strokeStyle = '#2dd4bf';
  ctx.lineWidth = 1.5;
  ctx.fillRect(boxX, boxY, boxW, PRED_H - 14);
  ctx.strokeRect(boxX, boxY, boxW, PRED_H - 14);
  ctx.font = '11px ui-monospace, Menlo, monospace';
  order.forEach((k, j) => {
    const y = boxY + 10 + j * 16;
    ctx.fillStyle = j === 0 ? '#2dd4bf' : '#c9d1e3';
    const name = labels[k] ?? String(k);
    ctx.fillText(`${Math.round(probs[k]! * 100)}% ${name.length > 9 ? `${name.slice(0, 8)}…` : name}`, boxX + 4, y);
  });
  ctx.font = '12px ui-monospace, Menlo, monospace';
  const feed = (x: number, fromY: number, color: string) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, fromY);
    ctx.lineTo(x, boxY + PRED_H - 14);
    ctx.stroke();
  };
  const hX = (t: number) => EDGE + t * COL_W + COL_W - 22; // near the h strip of column t
  feed(hX(T - 1), lay.rowY(top, 0), '#c9d1e3');
  if (model.bidirectional) {
    // backward: its last step is t = 0; along the top band to the box
    const x0 = EDGE + 3;
    const yTop = boxY + PRED_H - 8;
    ctx.strokeStyle = '#f5b942';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x0, lay.rowY(top, 1) + STRIP_H / 2);
    ctx.lineTo(x0, yTop);
    ctx.lineTo(boxX + 8, yTop);
    ctx.lineTo(boxX + 8, boxY + PRED_H - 14);
    ctx.stroke();
  }
}
