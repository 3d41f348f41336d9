// Optimizer updates against values computed by hand (independently, in float64, from PyTorch's
// documented update rules), and both clipping modes.
import { describe, expect, it } from 'vitest';
import { clipGradients } from '../../src/model/clip.ts';
import { createOptimizer, optimizerStep } from '../../src/model/optim.ts';

const G1 = [0.5, -0.1];
const G2 = [0.2, 0.3];

function twoSteps(kind: 'adam' | 'sgd' | 'rmsprop') {
  const p = Float64Array.of(1, -2);
  const s = createOptimizer(kind, 2, Float64Array);
  optimizerStep(s, p, Float64Array.from(G1), 0.1);
  const first = Array.from(p);
  optimizerStep(s, p, Float64Array.from(G2), 0.1);
  return { first, second: Array.from(p), t: s.t };
}

describe('optimizers (lr 0.1, p0 = [1, -2], g1 = [0.5, -0.1], g2 = [0.2, 0.3])', () => {
  it('SGD: p -= lr g', () => {
    const r = twoSteps('sgd');
    expect(r.first[0]).toBeCloseTo(0.95, 15);
    expect(r.first[1]).toBeCloseTo(-1.99, 15);
    expect(r.second[0]).toBeCloseTo(0.93, 15);
    expect(r.second[1]).toBeCloseTo(-2.02, 15);
  });
  it('Adam: bias-corrected moments; the first step moves each weight by about lr', () => {
    const r = twoSteps('adam');
    expect(r.t).toBe(2);
    expect(r.first[0]).toBeCloseTo(0.900000002, 12);
    expect(r.first[1]).toBeCloseTo(-1.90000001, 12);
    expect(r.second[0]).toBeCloseTo(0.8101424839029281, 12);
    expect(r.second[1]).toBeCloseTo(-1.9494189911200654, 12);
  });
  it('RMSprop (alpha 0.99): the first step moves each weight by about 10 lr', () => {
    const r = twoSteps('rmsprop');
    expect(r.first[0]).toBeCloseTo(1.9999996003772225e-7, 12);
    expect(r.first[1]).toBeCloseTo(-1.0000009999989998, 12);
    expect(r.second[0]).toBeCloseTo(-0.37300165373096106, 12);
    expect(r.second[1]).toBeCloseTo(-1.9491586954512936, 12);
  });
});

describe('gradient clipping', () => {
  it('by norm: rescales to the threshold and reports the pre-clip norm', () => {
    const g = Float64Array.of(3, 4, 0); // norm 5
    const r = clipGradients(g, 'norm', 1);
    expect(r).toEqual({ gradNorm: 5, clipped: true });
    expect(g[0]).toBeCloseTo(0.6, 6);
    expect(g[1]).toBeCloseTo(0.8, 6);
    expect(Math.hypot(...g)).toBeCloseTo(1, 5);
  });
  it('by norm: leaves a gradient under the threshold alone', () => {
    const g = Float64Array.of(3, 4);
    expect(clipGradients(g, 'norm', 5.5)).toEqual({ gradNorm: 5, clipped: false });
    expect(Array.from(g)).toEqual([3, 4]);
  });
  it('by value: clamps each element into [-c, c]', () => {
    const g = Float64Array.of(-3, 0.5, 2, -0.2);
    const r = clipGradients(g, 'value', 1);
    expect(r.clipped).toBe(true);
    expect(r.gradNorm).toBeCloseTo(Math.hypot(3, 0.5, 2, 0.2), 12);
    expect(Array.from(g)).toEqual([-1, 0.5, 1, -0.2]);
    expect(clipGradients(Float64Array.of(0.1, -0.1), 'value', 1).clipped).toBe(false);
  });
  it("'none' reports the norm and changes nothing", () => {
    const g = Float64Array.of(30, 40);
    expect(clipGradients(g, 'none', 1)).toEqual({ gradNorm: 50, clipped: false });
    expect(Array.from(g)).toEqual([30, 40]);
  });
  it('reports a non-finite norm instead of hiding it', () => {
    expect(clipGradients(Float64Array.of(1, NaN), 'norm', 1).gradNorm).toBeNaN();
  });
});
