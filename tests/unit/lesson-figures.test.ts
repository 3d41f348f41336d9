// The lessons' figures' pure parts: the decay curves and readout, the log axis's decade labels,
// the "hello" network's edges read from a real parameter layout, and the gate valve's geometry.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { buildLayout } from '../../src/model/params.ts';
import { decadeStride, logChartLayout } from '../../src/ui/draw/log-lines.ts';
import { FACTOR, MAX_T, formatFactor, formatPower, measuredRatios, mirrorFactor, powers } from '../../src/ui/lessons/figures/decay-math.ts';
import { edgeStroke, helloEdges, helloNetFit, nodeY, stepProbs } from '../../src/ui/lessons/figures/hello-net.ts';
import { valveGeometry } from '../../src/ui/lessons/figures/valve.ts';

describe('decay figure', () => {
  it('computes a^t for t = 1..T and writes the readout', () => {
    const p = powers(0.9, 50);
    expect(p.length).toBe(50);
    expect(p[0]).toBeCloseTo(0.9, 12);
    expect(p[49]).toBeCloseTo(0.9 ** 50, 12);
    expect(formatPower(0.9 ** 50)).toBe('0.00515');
    expect(formatPower(1.1 ** 50)).toBe('117');
    expect(formatPower(0.8 ** 100)).toBe('2.04 × 10⁻¹⁰');
    expect(formatPower(1.2 ** 100)).toBe('8.28 × 10⁷');
    expect(formatPower(9.9996e-6)).toBe('1 × 10⁻⁵');
    expect(formatFactor(0.9)).toBe('0.9');
    expect(formatFactor(1.05)).toBe('1.05');
  });

  it('mirrors the factor around 1 on the slider grid, and stays above the chart floor', () => {
    expect(mirrorFactor(0.9)).toBeCloseTo(1.1, 12);
    expect(formatFactor(mirrorFactor(0.87))).toBe('1.13');
    expect(mirrorFactor(1)).toBeCloseTo(1, 12);
    // the smallest value the sliders reach is still drawn at its height (the floor is 1e-12)
    expect(FACTOR.min ** MAX_T).toBeGreaterThan(1e-12);
  });

  it("divides a trace's ‖∂L/∂h‖ by its last step's, k = 1.. steps back", () => {
    expect(Array.from(measuredRatios([0.01, 0.1, 1, 2]))).toEqual([0.5, 0.05, 0.005]);
    expect(measuredRatios([1]).length).toBe(0);
    expect(measuredRatios([1, 0]).length).toBe(0);
  });

  it('labels every decade, or every n-th where 18 decades share a small chart', () => {
    const one = logChartLayout(400, 220, [{ color: '', values: [1e-3, 1] }]);
    expect(decadeStride(one)).toBe(1);
    const many = logChartLayout(400, 220, [{ color: '', values: powers(0.8, 100) }, { color: '', values: powers(1.2, 100) }]);
    expect([many.lo, many.hi]).toEqual([-10, 8]);
    // 186 px over 18 decades: 10.3 px each, labelled every second one (20.7 px apart)
    expect(decadeStride(many)).toBe(2);
  });
});

describe('hello network figure', () => {
  const model = { ...DEFAULT_MODEL, cell: 'rnn' as const, hiddenSize: 3, numLayers: 1, bidirectional: false };
  const layout = buildLayout(model, 4);
  const params = Float32Array.from({ length: layout.total }, (_, i) => (i % 7) - 3);

  it('draws only a one-layer, one-way vanilla RNN of a few symbols', () => {
    expect(helloNetFit(model, 4)).toBeNull();
    expect(helloNetFit({ ...model, cell: 'lstm' }, 4)).toBe('cell');
    expect(helloNetFit({ ...model, bidirectional: true }, 4)).toBe('cell');
    expect(helloNetFit(model, 30)).toBe('size');
    expect(helloNetFit({ ...model, hiddenSize: 64 }, 4)).toBe('size');
  });

  it('reads W_ih, W_hh and the decoder from the flat buffer, row i = target, column j = source', () => {
    const e = helloEdges(params, layout, 3);
    expect([e.ih.length, e.hh.length, e.ho.length]).toEqual([12, 9, 12]);
    const wIh = layout.tensor('rnn.weight_ih_l0');
    const wHh = layout.tensor('rnn.weight_hh_l0');
    const dec = layout.tensor('decoder.weight');
    expect(e.ih.find((x) => x.to === 2 && x.from === 1)!.w).toBe(params[wIh.offset + 2 * 4 + 1]);
    expect(e.hh.find((x) => x.to === 1 && x.from === 2)!.w).toBe(params[wHh.offset + 1 * 3 + 2]);
    expect(e.ho.find((x) => x.to === 3 && x.from === 0)!.w).toBe(params[dec.offset + 3 * 3 + 0]);
    expect(e.maxAbs).toBe(3);
  });

  it('maps |w| to width and opacity, the sign to colour', () => {
    expect(edgeStroke(3, 3)).toEqual({ width: 4, opacity: 1, positive: true });
    expect(edgeStroke(-1.5, 3)).toEqual({ width: 2.25, opacity: 0.575, positive: false });
    expect(edgeStroke(0, 0)).toEqual({ width: 0.5, opacity: 0.15, positive: true });
    expect(nodeY(0, 3, 100, 20)).toBe(30);
    expect(nodeY(2, 3, 100, 20)).toBe(70);
  });

  it("spreads a trace's top-k over the symbols", () => {
    const topK = { k: 2, ids: Int32Array.from([1, 0, 3, 2]), probs: Float32Array.from([0.75, 0.25, 0.5, 0.5]) };
    expect(Array.from(stepProbs(topK, 0, 4))).toEqual([0.25, 0.75, 0, 0]);
    expect(Array.from(stepProbs(topK, 1, 4))).toEqual([0, 0, 0.5, 0.5]);
  });
});

describe('gate valve figure', () => {
  it('opens the gap in proportion to the gate value, clamped to the pipe', () => {
    expect(valveGeometry(0.93, 18, 44)).toEqual({ open: 0.93, plateBottom: 18 + 44 - 0.93 * 44, gapTop: 18 + 44 - 0.93 * 44, gapHeight: 0.93 * 44 });
    expect(valveGeometry(0, 18, 44).gapHeight).toBe(0);
    expect(valveGeometry(1, 18, 44).plateBottom).toBe(18);
    expect(valveGeometry(1.2, 0, 10).open).toBe(1);
    expect(valveGeometry(NaN, 0, 10).open).toBe(0);
  });
});
