// Finite-difference gradient checks of the CPU reference in Float64, for every cell, variant,
// 1-2 layers and both directions, with a carried (non-zero) initial state and clipping off.
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/model/network.ts';
import { initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { randomIds, variantGrid } from '../helpers/model-fixtures.ts';

const V = 7;
const B = 2;
const T = 4;
const H = 3;

describe('BPTT gradients match central finite differences (float64, rel. error <= 1e-6)', () => {
  for (const { name, model } of variantGrid([1, 2], [false, true])) {
    it(name, () => {
      const m = { ...model, hiddenSize: H };
      const rng = createRng(42);
      const net = new Network(m, V, B, T, Float64Array);
      const p = initParams(net.layout, rng, Float64Array);
      // larger weights than the default init so every nonlinearity works away from its linear part
      for (let i = 0; i < p.length; i++) p[i] = p[i]! * 2.5;
      const inputs = randomIds(rng, T * B, V);
      const targets = randomIds(rng, T * B, V);
      const state0 = net.zeroState(Float64Array);
      for (const a of [...state0.h, ...state0.c]) for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-0.8, 0.8);
      const lossAt = () => {
        const st = { h: state0.h.map((a) => a.slice()), c: state0.c.map((a) => a.slice()) };
        return net.forward(p, inputs, targets, st);
      };
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
    });
  }
});
