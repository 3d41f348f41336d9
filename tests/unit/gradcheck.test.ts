// Finite-difference gradient checks of the CPU reference in Float64, for every cell, variant,
// 1-2 layers and both directions, with a carried (non-zero) initial state and clipping off; then
// masked sequences (padding that does not count) and the many-to-one classifier head.
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/model/network.ts';
import { initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { randomIds, variantGrid } from '../helpers/model-fixtures.ts';

const V = 7;
const B = 2;
const T = 4;
const H = 3;

/** Backward's gradient against central differences of `lossAt`, per tensor and overall (<= 1e-6). */
function expectGradientsMatch(net: Network, p: Float64Array, lossAt: () => number): void {
  lossAt();
  const grad = new Float64Array(p.length);
  net.backward(p, grad);
  const numeric = new Float64Array(p.length);
  const eps = 1e-5;
  for (let i = 0; i < p.length; i++) {
    const keep = p[i]!;
    p[i] = keep + eps;
    const up = lossAt();
    p[i] = keep - eps;
    const down = lossAt();
    p[i] = keep;
    numeric[i] = (up - down) / (2 * eps);
  }
  // relative error per tensor and over the whole gradient
  let diff = 0;
  let ref = 0;
  for (const t of net.layout.tensors) {
    let td = 0;
    let tr = 0;
    for (let i = t.offset; i < t.offset + t.size; i++) {
      td += (grad[i]! - numeric[i]!) ** 2;
      tr += numeric[i]! ** 2;
    }
    diff += td;
    ref += tr;
    expect(tr, `${t.name} has a zero numeric gradient: the check would be empty`).toBeGreaterThan(0);
    expect(Math.sqrt(td / tr), t.name).toBeLessThanOrEqual(1e-6);
  }
  expect(Math.sqrt(diff / ref)).toBeLessThanOrEqual(1e-6);
}

/** Seeded parameters, larger than the default init so every nonlinearity works away from its linear part. */
function bigParams(net: Network, rng: ReturnType<typeof createRng>): Float64Array {
  const p = initParams(net.layout, rng, Float64Array) as Float64Array;
  for (let i = 0; i < p.length; i++) p[i] = p[i]! * 2.5;
  return p;
}

describe('BPTT gradients match central finite differences (float64, rel. error <= 1e-6)', () => {
  for (const { name, model } of variantGrid([1, 2], [false, true])) {
    it(name, () => {
      const m = { ...model, hiddenSize: H };
      const rng = createRng(42);
      const net = new Network(m, V, B, T, Float64Array);
      const p = bigParams(net, rng);
      const inputs = randomIds(rng, T * B, V);
      const targets = randomIds(rng, T * B, V);
      const state0 = net.zeroState(Float64Array);
      for (const a of [...state0.h, ...state0.c]) for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-0.8, 0.8);
      expectGradientsMatch(net, p, () => {
        const st = { h: state0.h.map((a) => a.slice()), c: state0.c.map((a) => a.slice()) };
        return net.forward(p, inputs, targets, st);
      });
    });
  }
});

describe('masked sequences: positions whose target is -1 add nothing, the mean is over the rest', () => {
  for (const { name, model } of variantGrid([1, 2], [false, true])) {
    it(name, () => {
      const m = { ...model, hiddenSize: H };
      const rng = createRng(7);
      const net = new Network(m, V, B, T, Float64Array);
      const p = bigParams(net, rng);
      const inputs = randomIds(rng, T * B, V);
      // sequence 0 ends after 2 steps, sequence 1 after 3: the rest is padding
      const targets = randomIds(rng, T * B, V).map((y, n) => (Math.floor(n / B) >= [2, 3][n % B]! ? -1 : y));
      expectGradientsMatch(net, p, () => net.forward(p, inputs, targets, null));
      // the loss is the mean over the 5 counted positions
      const loss = net.forward(p, inputs, targets, null);
      const per = Array.from({ length: T * B }, (_, n) => (targets[n]! < 0 ? 0 : -Math.log(net.probs[n * V + targets[n]!]!)));
      expect(loss).toBeCloseTo(per.reduce((a, b) => a + b, 0) / 5, 12);
    });
  }
});

describe('many-to-one: a classifier on the final states (forward h at T-1, backward h at 0)', () => {
  const K = 3;
  for (const { name, model } of variantGrid([1, 2], [false, true])) {
    it(name, () => {
      const m = { ...model, hiddenSize: H };
      const rng = createRng(13); // a seed where no relu unit is dead at the final step (H = 3)
      const net = new Network(m, V, B, T, Float64Array, K);
      expect(net.layout.tensor('classifier.weight').shape).toEqual([K, H * (m.bidirectional ? 2 : 1)]);
      expect(() => net.layout.tensor('decoder.weight')).toThrow();
      const p = bigParams(net, rng);
      const inputs = randomIds(rng, T * B, V);
      const labels = Int32Array.of(2, 0);
      expectGradientsMatch(net, p, () => net.forward(p, inputs, labels, null));
      // the final state it read: what the layers computed at those positions
      const top = net.caches[m.numLayers - 1]!;
      for (let b = 0; b < B; b++) {
        expect(Array.from(net.final.subarray(b * H * net.dirs, b * H * net.dirs + H))).toEqual(Array.from(top[0]!.h.subarray(((T - 1) * B + b) * H, ((T - 1) * B + b + 1) * H)));
        if (m.bidirectional) expect(Array.from(net.final.subarray(b * 2 * H + H, b * 2 * H + 2 * H))).toEqual(Array.from(top[1]!.h.subarray(b * H, (b + 1) * H)));
      }
    });
  }
});
