// Draws the unrolled network of one trace on a canvas: a column per time step with the input
// character, every layer's gates, c_t (LSTM) and h_t as strips of units, each strip named by the
// letter of its gate or state above it, the top predictions with the true next character marked,
// the recurrent arrows h_{t-1} -> h_t (reversed for a backward direction), each direction starting
// from a zero state (h₀ = 0) at its end of the window, and vertical arrows from the input up
// through the stacked layers to the predictions. A gutter on the left names each row (layer and
// direction). `progress` in [0, 1] animates the new trace flowing along the arrows over the old.
// In backward mode (`bptt`: steps walked back) the strips show gradients and the arrows point
// back, as thick as the gradient they carry (./bptt.ts). Line mode's start and end tokens show as
// ⟨s⟩ and ⟨/s⟩; a classifier draws no per-step predictions, only its label box fed by the final
// state of each direction (the last column forward, the first backward).
import { cellSpec } from '../../model/cells/registry.ts';
import { END, START } from '../../model/tasks.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { bpttReached, gradientLayers, gradWidth, normRange } from './bptt.ts';
import { unitCells } from './cells.ts';
import { arrow, classifierBox, drawClassifier, zeroState } from './unrolled-parts.ts';

export const COL_W = 76;
const PAD = 12;
/** The gutter on the left that names the rows. */
const LABEL_W = 70;
/** Space left and right of the columns for the zero initial states. */
const EDGE = 48;
/** x of the first column. */
export const COLUMNS_X = LABEL_W + EDGE;
const PRED_H = 70;
const STRIP_H = 80;
const ROW_GAP = 28;
const INPUT_H = 34;
const GATE_W = 7;
const C_W = 10;
const H_W = 14;
/** The colour of gradients flowing back (backward mode); its arrows are see-through over the strips. */
export const GRAD_COLOR = '#ff7a90';
const GRAD_ARROW = 'rgba(255, 122, 144, 0.8)';
const GRAD_ARROW_C = 'rgba(255, 179, 192, 0.8)';

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
    width: COLUMNS_X + f.trace.T * COL_W + EDGE,
    height: PAD + PRED_H + rows * (STRIP_H + ROW_GAP) + INPUT_H + PAD,
    // top layer first, input at the bottom (as the textbooks draw it)
    rowY: (layer, dir) => PAD + PRED_H + ((L - 1 - layer) * dirs + dir) * (STRIP_H + ROW_GAP) + ROW_GAP - 4,
  };
}

/** The classifier's label box of a frame's layout: over the last column, inside the canvas. */
export const labelBox = (f: TraceFrame, lay: UnrolledLayout) => classifierBox(lay.width, COLUMNS_X + (f.trace.T - 1) * COL_W, PAD, PRED_H - 14);

/** The column under canvas x (in layout pixels), clamped to the window. */
export const columnAt = (x: number, T: number) => Math.max(0, Math.min(T - 1, Math.floor((x - COLUMNS_X) / COL_W)));

/** A scratch canvas the unit cells are put into, to be drawn scaled from (reused: one frame at a time). */
let scratch: OffscreenCanvas | null = null;

function cellImage(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): OffscreenCanvas {
  if (!scratch || scratch.width < width || scratch.height < height) scratch = new OffscreenCanvas(Math.max(width, scratch?.width ?? 0), Math.max(height, scratch?.height ?? 0));
  scratch.getContext('2d')!.putImageData(new ImageData(pixels, width, height), 0, 0);
  return scratch;
}

export interface DrawOptions {
  /** The highlighted column, or -1. */
  selected: number;
  /** A part to emphasise in every column (weight sharing). */
  highlight: 'weights' | null;
  focus: UnitFocus | null;
  /** Backward mode: how many steps BPTT has walked back from the end (null: forward). */
  bptt: number | null;
  /** The words of the gutter, in the page's language. */
  words: { row: (layer: number, dir: number) => string; predict: string; input: string };
}

/** Draws `next` (with `prev` still showing where the flow has not reached yet). */
export function drawUnrolled(ctx: CanvasRenderingContext2D, next: TraceFrame, prev: TraceFrame | null, progress: number, o: DrawOptions) {
  const { trace, model, symbols } = next;
  const { T, H, gateNames } = trace;
  const G = gateNames.length;
  const dirs = model.bidirectional ? 2 : 1;
  const lay = layoutFor(next);
  const { selected, focus, bptt } = o;
  ctx.clearRect(0, 0, lay.width, lay.height);
  ctx.font = '12px ui-monospace, Menlo, monospace';
  ctx.textBaseline = 'middle';
  const same = prev && prev.trace.T === T && prev.trace.H === H && prev.model.numLayers === model.numLayers && prev.model.bidirectional === model.bidirectional && prev.model.cell === model.cell;
  const front = progress * T; // columns before it (forward) show the new trace
  const gates = cellSpec(model).gates(model);
  const grads = bptt === null ? null : gradientLayers(trace, bptt);
  const tanhGate = (g: number) => grads !== null || gates[g]?.range === 'signed';
  // the flow: forward directions fill left to right, backward ones right to left
  const reached = (t: number, d: number) => (d === 0 ? t < front : T - 1 - t < front);
  // every unit cell as one pixel of an image, each strip drawn as a column of it scaled up
  // (averaged to device pixels when H units are thinner than one)
  const layerAt = (t: number, l: number, d: number) => (grads ? grads[l]![d]! : (reached(t, d) || !same ? trace : prev.trace).layers[l]![d]!);
  const cells = unitCells(trace, dirs, STRIP_H * Math.abs(ctx.getTransform().d), tanhGate, layerAt);
  const image = cellImage(cells.pixels, cells.width, cells.height);
  ctx.imageSmoothingEnabled = false;
  const strip = (t: number, l: number, d: number, s: number, x: number, y: number, w: number) => ctx.drawImage(image, t * cells.strips + s, (l * dirs + d) * cells.rows, 1, cells.rows, x, y, w, STRIP_H);
  const letters = [...gateNames.map((n) => n[0]!), ...(cells.strips > G + 1 ? ['c'] : []), 'h'];
  const range = grads ? normRange(trace) : null;
  gutter(ctx, lay, next, o);
  const names: [string, number, number][] = [];
  for (let t = 0; t < T; t++) {
    const x = COLUMNS_X + t * COL_W;
    if (t === selected) {
      ctx.fillStyle = bptt === null ? 'rgba(124, 92, 255, 0.16)' : 'rgba(255, 122, 144, 0.14)';
      ctx.fillRect(x + 2, PAD, COL_W - 4, lay.height - 2 * PAD);
    }
    predictions(ctx, next, t, x);
    for (let l = 0; l < model.numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const y = lay.rowY(l, d);
        const xs: number[] = [];
        let sx = x + 6;
        for (let g = 0; g < G; g++) {
          xs.push(sx);
          strip(t, l, d, g, sx, y, GATE_W);
          sx += GATE_W + 2;
        }
        if (cells.strips > G + 1) {
          xs.push(sx + 2);
          strip(t, l, d, G, sx + 2, y, C_W);
          sx += C_W + 4;
        }
        xs.push(sx + 2);
        strip(t, l, d, cells.strips - 1, sx + 2, y, H_W);
        const hRight = sx + 2 + H_W;
        // the strips' names: i f g o c h (r z n h, or the RNN's activation and h), drawn after the loop
        letters.forEach((s, i) => names.push([s, xs[i]! + (i === letters.length - 1 ? H_W : i === G ? C_W : GATE_W) / 2, y - 7]));
        if (focus && t === selected && focus.layer === l && focus.dir === d) {
          // the term the person is reading in the gate inspector
          const k = focus.part === 'h' ? letters.length - 1 : focus.part === 'c' ? G : focus.part;
          const fw = focus.part === 'h' ? H_W : focus.part === 'c' ? C_W : GATE_W;
          const uh = STRIP_H / H;
          ctx.strokeStyle = '#ffffff';
          ctx.lineWidth = 2;
          ctx.strokeRect(xs[k]! - 2, y + focus.unit * uh - 2, fw + 4, Math.max(uh, 1) + 4);
        }
        if (o.highlight === 'weights') {
          ctx.strokeStyle = '#7c5cff';
          ctx.lineWidth = 2;
          ctx.strokeRect(x + 4, y - 2, hRight - x - 2, STRIP_H + 4);
        }
        const mid = y + STRIP_H / 2;
        const color = d === 0 ? '#c9d1e3' : '#f5b942';
        if (grads && range) {
          // backward: the gradient from step t flows back to the step before it (in this direction's order)
          const dt = trace.layers[l]![d]!;
          const back = d === 0 ? t > 0 : t < T - 1;
          if (back && bpttReached(t, d, T, bptt!)) {
            // across the cell, from h_t to the state it came from (h_{t-1}; h_{t+1} backward)
            const hLeft = xs.at(-1)!;
            const [from, to] = d === 0 ? [hLeft, hRight - COL_W + 1] : [hRight, hLeft + COL_W - 1];
            arrow(ctx, from, mid, to, mid, GRAD_ARROW, gradWidth(dt.dhNorm[t]!, range));
            if (dt.dcNorm) arrow(ctx, from, y + 12, to, y + 12, GRAD_ARROW_C, gradWidth(dt.dcNorm[t]!, range));
          }
        } else {
          // recurrent arrow to the next step (or from it, for the backward direction)
          if (t < T - 1) {
            if (d === 0) arrow(ctx, hRight + 1, mid, x + COL_W + 4, mid, color);
            else arrow(ctx, x + COL_W + 4, mid, hRight + 1, mid, color);
          }
          // the zero state each direction starts from
          if (d === 0 && t === 0) zeroState(ctx, x - EDGE + 4, mid, x + 4, color);
          if (d === 1 && t === T - 1) zeroState(ctx, x + COL_W + 6, mid, hRight + 1, color);
        }
      }
      layerArrow(ctx, lay, next, l, x, grads !== null);
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
  // one font for every strip name (setting a canvas font is not free)
  ctx.font = '9px ui-monospace, Menlo, monospace';
  ctx.fillStyle = '#7d87a0';
  ctx.textAlign = 'center';
  for (const [s, nx, ny] of names) ctx.fillText(s, nx, ny);
  ctx.textAlign = 'left';
  ctx.font = '12px ui-monospace, Menlo, monospace';
  if (trace.classifier) {
    const top = model.numLayers - 1;
    drawClassifier(ctx, next, labelBox(next, lay), COLUMNS_X + T * COL_W - 22, lay.rowY(top, 0), COLUMNS_X + 3, model.bidirectional ? lay.rowY(top, 1) + STRIP_H / 2 : null);
  }
  // the front of the flow: a dot travelling along the forward arrows of the bottom layer
  if (progress < 1 && bptt === null) {
    const fx = COLUMNS_X + front * COL_W;
    const fy = lay.rowY(0, 0) + STRIP_H / 2;
    ctx.fillStyle = 'rgba(124, 92, 255, 0.9)';
    ctx.beginPath();
    ctx.arc(fx, fy, 5, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** The vertical arrow into layer l at column t (from the input, or the layer below), and from the
 *  top layer to the predictions; pointing down in backward mode (the gradient goes down). */
function layerArrow(ctx: CanvasRenderingContext2D, lay: UnrolledLayout, f: TraceFrame, l: number, x: number, backward: boolean) {
  const dirs = f.model.bidirectional ? 2 : 1;
  const L = f.model.numLayers;
  const ax = x + COL_W - 8;
  const color = backward ? GRAD_COLOR : '#6f7a96';
  const below = l === 0 ? lay.height - PAD - INPUT_H + 4 : lay.rowY(l - 1, 0) - 12;
  const into = lay.rowY(l, dirs - 1) + STRIP_H + 2;
  if (backward) arrow(ctx, ax, into, ax, below, color, 1.2);
  else arrow(ctx, ax, below, ax, into, color, 1.2);
  if (l === L - 1 && !f.trace.classifier) {
    const out = PAD + PRED_H - 2;
    const from = lay.rowY(l, 0) - 12;
    if (backward) arrow(ctx, ax, out, ax, from, color, 1.2);
    else arrow(ctx, ax, from, ax, out, color, 1.2);
  }
}

/** The top predictions of column t with bars, the true next character marked (none where not computed). */
function predictions(ctx: CanvasRenderingContext2D, f: TraceFrame, t: number, x: number) {
  const { trace, symbols } = f;
  const k = trace.topK.probs[t * trace.topK.k] === 0 ? 0 : Math.min(3, trace.topK.k);
  for (let j = 0; j < k; j++) {
    const id = trace.topK.ids[t * trace.topK.k + j]!;
    const p = trace.topK.probs[t * trace.topK.k + j]!;
    const y = PAD + 6 + j * 18;
    const hit = id === trace.targets[t];
    const shown = showSymbol(symbols[id]);
    const bx = x + Math.max(20, ctx.measureText(shown).width + 10);
    ctx.fillStyle = hit ? 'rgba(45, 212, 191, 0.35)' : 'rgba(152, 162, 184, 0.22)';
    ctx.fillRect(bx, y - 6, (x + COL_W - 16 - bx) * p, 12);
    ctx.fillStyle = hit ? '#2dd4bf' : '#c9d1e3';
    ctx.fillText(shown, x + 6, y);
  }
  ctx.fillStyle = '#98a2b8';
  // p(true next); a memory task asks nothing at most positions (no target, no probability)
  if (k > 0 && trace.targets[t]! >= 0) ctx.fillText(`${Math.round(trace.targetProbs[t]! * 100)}%`, x + 6, PAD + PRED_H - 10);
}

/** The gutter: each row's layer and direction, the predictions' and the input's band. */
function gutter(ctx: CanvasRenderingContext2D, lay: UnrolledLayout, f: TraceFrame, o: DrawOptions) {
  const dirs = f.model.bidirectional ? 2 : 1;
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#98a2b8';
  ctx.fillText(o.words.predict, 6, PAD + PRED_H / 2 - 6);
  ctx.fillText(o.words.input, 6, lay.height - PAD - INPUT_H / 2);
  for (let l = 0; l < f.model.numLayers; l++) {
    for (let d = 0; d < dirs; d++) {
      ctx.fillStyle = d === 0 ? '#c9d1e3' : '#f5b942';
      ctx.fillText(o.words.row(l, d), 6, lay.rowY(l, d) + STRIP_H / 2);
    }
  }
  ctx.font = '12px ui-monospace, Menlo, monospace';
}
