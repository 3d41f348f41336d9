// The network panels' colour scales (diverging for signed values, sequential for gates in [0, 1])
// and the unit cells of the unrolled network as pixels. A frame has thousands of cells: filled one
// rectangle each, a full draw of a 2-layer H = 96, T = 48 LSTM took 19 ms of main thread (median,
// Chromium on SwiftShader); as one image (a putImageData, one scaled drawImage per strip) 4 ms.
import type { DirTrace, Trace } from '../../model/trace.ts';

const BG = [19, 26, 46];
const NEG = [45, 212, 191];
const POS = [245, 185, 66];
const GATE = [124, 92, 255];

const mix = (a: number[], b: number[], t: number) => a.map((x, i) => Math.round(x + (b[i]! - x) * t));
/** Diverging as [r, g, b]: negative teal, zero background, positive amber (saturating at ±1). */
export const divergingRgb = (v: number) => (v < 0 ? mix(BG, NEG, Math.min(1, -v)) : mix(BG, POS, Math.min(1, v)));

// Cells take their colours from tables (LEVELS steps per side, finer than the eye tells apart).
const LEVELS = 128;
const table = (n: number, rgb: (i: number) => number[]) => Uint8Array.from({ length: n * 3 }, (_, k) => rgb(Math.floor(k / 3))[k % 3]!);
/** Sequential as [r, g, b]: 0 background, 1 violet (gates, which lie in [0, 1]). */
export const sequentialRgb = (v: number) => mix(BG, GATE, Math.max(0, Math.min(1, v)));
const DIVERGING = table(2 * LEVELS + 1, (i) => divergingRgb((i - LEVELS) / LEVELS));
const SEQUENTIAL = table(LEVELS + 1, (i) => sequentialRgb(i / LEVELS));
const level = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) * LEVELS) || 0; // NaN -> 0
/** Offset of a value's colour in its table. */
const divergingAt = (v: number) => (level(v) + LEVELS) * 3;
const sequentialAt = (v: number) => Math.max(0, level(v)) * 3;

/** The unit cells of a frame as an RGBA image, and where each strip's cells are in it. */
export interface UnitCells {
  pixels: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  /** Strips per (column, layer, direction): the gates, c (LSTM), h. */
  strips: number;
  /** Pixel rows per strip: H, or fewer when H units would be thinner than a device pixel. */
  rows: number;
}

/**
 * Every strip's cells, one pixel column per strip: strip s of column t of row r (rows are the
 * (layer, direction) pairs, layer-major) is pixel column t * strips + s, pixel rows r * rows ..
 * r * rows + rows - 1. Gates read `tanhGate(g)` ? diverging : sequential, c diverging at half
 * scale, h diverging. With `rows` < H each pixel is the mean colour of the units it covers.
 * `layerAt(t, layer, dir)` is the trace each cell shows (the flow mixes a new trace with the old).
 */
export function unitCells(trace: Trace, dirs: number, maxRows: number, tanhGate: (g: number) => boolean, layerAt: (t: number, layer: number, dir: number) => DirTrace): UnitCells {
  const { T, H } = trace;
  const G = trace.gateNames.length;
  const L = trace.layers.length;
  const hasC = trace.layers[0]![0]!.c !== null;
  const strips = G + (hasC ? 1 : 0) + 1;
  const rows = Math.max(1, Math.min(H, Math.floor(maxRows)));
  const width = T * strips;
  const height = L * dirs * rows;
  const pixels = new Uint8ClampedArray(width * height * 4);
  const sum = new Float64Array(3);
  /** Writes one strip: unit u's value is values[offset + u], coloured from `colours` at `at(v)`. */
  const strip = (col: number, row: number, values: Float32Array, offset: number, colours: Uint8Array, at: (v: number) => number) => {
    for (let j = 0; j < rows; j++) {
      const u0 = Math.floor((j * H) / rows);
      const u1 = Math.floor(((j + 1) * H) / rows);
      sum.fill(0);
      for (let u = u0; u < u1; u++) {
        const k = at(values[offset + u]!);
        sum[0] += colours[k]!;
        sum[1] += colours[k + 1]!;
        sum[2] += colours[k + 2]!;
      }
      const p = ((row * rows + j) * width + col) * 4;
      const n = u1 - u0;
      pixels[p] = Math.round(sum[0]! / n);
      pixels[p + 1] = Math.round(sum[1]! / n);
      pixels[p + 2] = Math.round(sum[2]! / n);
      pixels[p + 3] = 255;
    }
  };
  for (let t = 0; t < T; t++) {
    for (let l = 0; l < L; l++) {
      for (let d = 0; d < dirs; d++) {
        const lt = layerAt(t, l, d);
        const row = l * dirs + d;
        let col = t * strips;
        for (let g = 0; g < G; g++) strip(col++, row, lt.post, t * G * H + g * H, tanhGate(g) ? DIVERGING : SEQUENTIAL, tanhGate(g) ? divergingAt : sequentialAt);
        if (lt.c) strip(col++, row, lt.c, t * H, DIVERGING, (v) => divergingAt(v / 2));
        strip(col, row, lt.h, t * H, DIVERGING, divergingAt);
      }
    }
  }
  return { pixels, width, height, strips, rows };
}
