// Pixels of the network panels: weight heatmaps (one RGBA pixel per weight on the diverging scale)
// and the unrolled network's unit cells (one pixel per unit of every strip).
import { describe, expect, it } from 'vitest';
import { absMax, heatmapPixels } from '../../src/ui/draw/heatmap.ts';
import type { DirTrace, Trace } from '../../src/model/trace.ts';
import { divergingRgb, unitCells, type UnitCells } from '../../src/ui/draw/cells.ts';

describe('heatmap pixels', () => {
  const values = Float32Array.of(9, -0.5, 0, 0.25, 0.5, -1, 0.1, 9); // a (2, 3) block at offset 1
  it('absMax reads only the block', () => {
    expect(absMax(values, 1, 6)).toBe(1);
    expect(absMax(values, 0, 8)).toBe(9);
  });
  it('colours each weight by value / scale, row-major, opaque', () => {
    const px = heatmapPixels(values, 1, 2, 3, 0.5);
    expect(px).toHaveLength(2 * 3 * 4);
    const expected = [-1, 0, 0.5, 1, -2, 0.2].flatMap((v) => [...divergingRgb(v), 255]);
    expect(Array.from(px)).toEqual(expected);
    // the ends of the scale: full teal and full amber; zero is the panel's background
    expect(Array.from(px.subarray(0, 3))).toEqual([45, 212, 191]);
    expect(Array.from(px.subarray(12, 15))).toEqual([245, 185, 66]);
    expect(Array.from(px.subarray(4, 7))).toEqual([19, 26, 46]);
  });
  it('an all-zero matrix is the background, not NaN', () => {
    expect(Array.from(heatmapPixels(new Float32Array(4), 0, 2, 2, 0).subarray(0, 4))).toEqual([19, 26, 46, 255]);
  });
});

describe('unit cells of the unrolled network', () => {
  // an LSTM trace: T = 2 steps, H = 2 units, gates i f g o; post[t][g][u] = values below
  const lstm = (post: number[], c: number[], h: number[]): DirTrace => ({
    pre: new Float32Array(post.length),
    post: Float32Array.from(post),
    c: Float32Array.from(c),
    h: Float32Array.from(h),
    dhNorm: new Float32Array(2),
    dxNorm: new Float32Array(2),
    dcNorm: new Float32Array(2),
  });
  const trace = (layers: DirTrace[][], H = 2): Trace => ({
    T: 2,
    H,
    gateNames: ['i', 'f', 'g', 'o'],
    inputs: new Int32Array(2),
    targets: new Int32Array(2),
    loss: 0,
    layers,
    topK: { k: 0, ids: new Int32Array(0), probs: new Float32Array(0) },
    targetProbs: new Float32Array(2),
  });
  const tanhGate = (g: number) => g === 2;
  const at = (c: UnitCells, x: number, y: number) => Array.from(c.pixels.subarray((y * c.width + x) * 4, (y * c.width + x) * 4 + 4));
  const POS = [245, 185, 66, 255];
  const NEG = [45, 212, 191, 255];
  const BG = [19, 26, 46, 255];
  const GATE = [124, 92, 255, 255];

  it('one pixel per unit: strip s of column t at x = t * strips + s, gates sequential or diverging, c at half scale', () => {
    // t = 0: i = [1, 0], f = [0, 0], g = [-1, 1], o = [0, 0]; t = 1: all gates 0
    const post = [1, 0, 0, 0, -1, 1, 0, 0, ...new Array(8).fill(0)];
    const dir = lstm(post, [2, -1, 0, 0], [0, 0, 1, -1]);
    const cells = unitCells(trace([[dir]]), 1, 80, tanhGate, () => dir);
    expect([cells.width, cells.height, cells.strips, cells.rows]).toEqual([12, 2, 6, 2]);
    expect(at(cells, 0, 0)).toEqual(GATE); // i, unit 0, at 1: the full gate colour
    expect(at(cells, 0, 1)).toEqual(BG); // i, unit 1, at 0
    expect(at(cells, 2, 0)).toEqual(NEG); // g is tanh: diverging, -1 full teal
    expect(at(cells, 2, 1)).toEqual(POS);
    expect(at(cells, 4, 0)).toEqual(POS); // c = 2 at half scale: full amber
    expect(at(cells, 4, 1)).toEqual([...divergingRgb(-0.5), 255]);
    expect(at(cells, 5, 0)).toEqual(BG); // h at t = 0
    expect(at(cells, 6 + 5, 0)).toEqual(POS); // h at t = 1
    expect(at(cells, 6 + 5, 1)).toEqual(NEG);
  });

  it('rows are (layer, direction) pairs, layer-major; each cell shows the trace layerAt picks', () => {
    const zero = lstm(new Array(16).fill(0), [0, 0, 0, 0], [0, 0, 0, 0]);
    const one = lstm(new Array(16).fill(0), [0, 0, 0, 0], [1, 1, 1, 1]);
    // two layers, two directions: h is 1 only in (layer 1, backward) at t = 1
    const cells = unitCells(trace([[zero, zero], [zero, one]]), 2, 80, tanhGate, (t, l, d) => (t === 1 && l === 1 && d === 1 ? one : zero));
    expect(cells.height).toBe(4 * 2);
    const hAt = (t: number, row: number) => at(cells, t * 6 + 5, row * 2);
    expect([hAt(0, 3), hAt(1, 0), hAt(1, 1), hAt(1, 2), hAt(1, 3)]).toEqual([BG, BG, BG, BG, POS]);
  });

  it('units thinner than a device pixel are averaged: a pixel is the mean colour of the units it covers', () => {
    const H = 4;
    const dir: DirTrace = { pre: new Float32Array(2 * 4 * H), post: new Float32Array(2 * 4 * H), c: new Float32Array(2 * H), h: Float32Array.of(1, -1, 1, 1, 0, 0, 0, 0), dhNorm: new Float32Array(2), dcNorm: new Float32Array(2), dxNorm: new Float32Array(2) };
    const cells = unitCells(trace([[dir]], H), 1, 2.5, tanhGate, () => dir);
    expect(cells.rows).toBe(2);
    expect(at(cells, 5, 0)).toEqual([0, 1, 2].map((k) => Math.round((POS[k]! + NEG[k]!) / 2)).concat(255)); // units 0, 1
    expect(at(cells, 5, 1)).toEqual(POS); // units 2, 3
  });
});
