// Traces and sampling on the GPU against the CPU reference with the same parameters.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const TEXT = 'she sells sea shells by the sea shore. '.repeat(6);
const TRAIN = { ...DEFAULT_TRAIN, batchSize: 4, seqLen: 16, learningRate: 0.01 };

describe('GPU traces and sampling equal the CPU reference', () => {
  for (const { name, model: base } of variantGrid([1, 2], [false, true]).filter((_, i) => i % 3 === 0)) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const model = { ...base, hiddenSize: 12 };
      const be = new WebGpuBackend(gpu);
      await be.init({ model, train: TRAIN, text: TEXT });
      for (let i = 0; i < 30; i++) await be.trainStep();
      const cpu = new CpuBackend();
      await cpu.init({ model, train: TRAIN, text: TEXT });
      await cpu.setParams(await be.getParams());
      const window = 'sea shells by the';
      // the gradients of the mean loss, then of the last step's loss alone (a masked loss)
      for (const lossAt of ['all', 'last'] as const) {
        const [g, c] = [await be.trace(window, 4, lossAt), await cpu.trace(window, 4, lossAt)];
        expect(g.T).toBe(c.T);
        expect(g.gateNames).toEqual(c.gateNames);
        expect(Math.abs(g.loss - c.loss) / c.loss).toBeLessThanOrEqual(1e-4);
        expect(relErr(g.targetProbs, c.targetProbs)).toBeLessThanOrEqual(1e-4);
        expect(relErr(g.topK.probs, c.topK.probs)).toBeLessThanOrEqual(1e-4);
        g.layers.forEach((dirs, l) =>
          dirs.forEach((gd, d) => {
            const cd = c.layers[l]![d]!;
            for (const key of ['pre', 'post', 'h', 'dhNorm'] as const) expect(relErr(gd[key], cd[key]), `${lossAt} ${key} l${l} d${d}`).toBeLessThanOrEqual(1e-4);
            if (cd.c) expect(relErr(gd.c!, cd.c)).toBeLessThanOrEqual(1e-4);
            if (cd.dcNorm) expect(relErr(gd.dcNorm!, cd.dcNorm)).toBeLessThanOrEqual(1e-4);
          }),
        );
      }
      const opts = { prime: 'she ', length: 40, temperature: 0, topK: 0, seed: 3 };
      expect(await be.sample(opts)).toBe(await cpu.sample(opts));
      be.dispose();
    });
  }
});
