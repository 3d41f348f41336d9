// "What each unit does" on the GPU: a passage read window after window with the state carried on
// the GPU (src/backend/webgpu/passage.ts) equals the reference passage (src/model/passage.ts) with
// the same parameters, for every cell and variant, 1-2 layers, one-way and bidirectional, odd sizes
// (H = 5, window 7, a prime number of windows): every layer and direction's gate activations, h and
// c at every position, the top-k next characters and their probabilities (relative error <= 1e-4,
// float32), and the gate saturation fractions read from them. A task's run has no passage.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { saturation } from '../../src/model/saturation.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const TEXT = 'she sells sea shells by the sea shore. '.repeat(4);
const PASSAGE = TEXT.slice(3, 3 + 7 * 5 + 1); // 5 windows of 7 steps
const TRAIN = { ...DEFAULT_TRAIN, batchSize: 2, seqLen: 8 };

describe('GPU passages equal the reference: every cell and variant, 1-2 layers, both directions', () => {
  for (const { name, model: base } of variantGrid([1, 2], [false, true])) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const model = { ...base, hiddenSize: 5 };
      const cpu = new CpuBackend();
      const be = new WebGpuBackend(gpu);
      try {
        const init = { model, train: TRAIN, text: TEXT };
        await cpu.init(init);
        await be.init(init);
        const params = (await cpu.getParams()).map((p) => 2 * p);
        await cpu.setParams(params);
        await be.setParams(params);
        const want = await cpu.passage(PASSAGE, 7, 5);
        const got = await be.passage(PASSAGE, 7, 5);
        expect(got.N).toBe(35);
        expect(want.N).toBe(35);
        expect(got.layers.flat()).toHaveLength(model.numLayers * (model.bidirectional ? 2 : 1));
        want.layers.forEach((dirs, l) =>
          dirs.forEach((w, d) => {
            const g = got.layers[l]![d]!;
            for (const key of ['post', 'h', 'c'] as const) {
              expect(g[key] === null, `${key} l${l} d${d} present`).toBe(w[key] === null);
              if (w[key]) expect(relErr(g[key]!, w[key]!), `${key} l${l} d${d}`).toBeLessThanOrEqual(1e-4);
            }
            const [sg, sw] = [saturation(model, g.post, got.N, 5), saturation(model, w.post, want.N, 5)];
            sw.forEach((s, i) => {
              expect(Array.from(sg[i]!.left), `${s.gate} left l${l} d${d}`).toEqual(Array.from(s.left));
              expect(Array.from(sg[i]!.right), `${s.gate} right l${l} d${d}`).toEqual(Array.from(s.right));
            });
          }),
        );
        expect(Array.from(got.topK.ids)).toEqual(Array.from(want.topK.ids));
        expect(relErr(got.topK.probs, want.topK.probs)).toBeLessThanOrEqual(1e-4);
        expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
      } finally {
        be.dispose();
      }
    });
  }
});
