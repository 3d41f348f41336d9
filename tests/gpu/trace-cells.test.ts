// The inside views' numbers on the GPU (src/backend/webgpu/trace.ts) against the CPU reference's
// trace (src/model/trace.ts) with the same parameters, for every cell and variant (CELL_VARIANTS),
// one and two layers, one-way and bidirectional: every layer and direction's gate pre- and
// post-activations, h, c, ||dL/dh||, ||dL/dc||, ||dL/d(W_ih x)|| (the saliency view's), of the mean
// loss, of the last step's loss alone and of one chosen step's,
// the loss, p(true next) and the top-k; and a classifier's trace (every variant, 2 layers,
// bidirectional): its states, gradient norms and label probabilities. Relative error <= 1e-4
// (float32), as trace-sample.test.ts. The parameters: the seeded init, doubled so every gate works
// away from its linear part. No training: it runs in seconds on SwiftShader.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import type { Backend } from '../../src/backend/types.ts';
import { DEFAULT_TRAIN, type ModelConfig } from '../../src/model/config.ts';
import { parseExamples, type SequenceTask } from '../../src/model/tasks.ts';
import type { Trace } from '../../src/model/trace.ts';
import { inputSaliency } from '../../src/model/saliency.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const TEXT = 'she sells sea shells by the sea shore. '.repeat(4);
const WINDOW = 'sells sea shel';
const TRAIN = { ...DEFAULT_TRAIN, batchSize: 2, seqLen: 8 };
const EXAMPLES = parseExamples(['turn on the light\ton', 'lights off\toff', 'what is it\task', 'on\ton', 'off now\toff'].join('\n'));

/** Every number of the two traces agrees (relative error <= 1e-4), layer by layer, direction by direction. */
function expectTracesEqual(got: Trace, want: Trace, what: string): void {
  expect(got.T, what).toBe(want.T);
  expect(got.gateNames, what).toEqual(want.gateNames);
  expect(Math.abs(got.loss - want.loss) / want.loss, `${what}: loss`).toBeLessThanOrEqual(1e-4);
  expect(got.layers.map((l) => l.length), what).toEqual(want.layers.map((l) => l.length));
  want.layers.forEach((dirs, l) =>
    dirs.forEach((w, d) => {
      const g = got.layers[l]![d]!;
      for (const key of ['pre', 'post', 'h', 'dhNorm', 'c', 'dcNorm', 'dxNorm'] as const) {
        const [gv, wv] = [g[key], w[key]];
        expect(gv === null, `${what}: ${key} l${l} d${d} present`).toBe(wv === null);
        if (gv && wv) expect(relErr(gv, wv), `${what}: ${key} l${l} d${d}`).toBeLessThanOrEqual(1e-4);
      }
    }),
  );
  expect(Array.from(got.targets), what).toEqual(Array.from(want.targets));
  expect(got.topK.k, what).toBe(want.topK.k);
  if (want.topK.k > 0) {
    expect(relErr(got.targetProbs, want.targetProbs), `${what}: p(true next)`).toBeLessThanOrEqual(1e-4);
    expect(relErr(got.topK.probs, want.topK.probs), `${what}: top-k probabilities`).toBeLessThanOrEqual(1e-4);
  }
  expect(got.classifier === undefined, what).toBe(want.classifier === undefined);
  if (want.classifier) {
    expect(got.classifier!.label, what).toBe(want.classifier.label);
    expect(relErr(got.classifier!.probs, want.classifier.probs), `${what}: label probabilities`).toBeLessThanOrEqual(1e-4);
  }
}

/** A CPU and a GPU backend with the same parameters (the seeded init, doubled). */
async function pair(gpu: Awaited<ReturnType<typeof gpuOrSkip>> & object, model: ModelConfig, task?: SequenceTask): Promise<[Backend, WebGpuBackend]> {
  const cpu = new CpuBackend();
  const be = new WebGpuBackend(gpu);
  const init = { model, train: TRAIN, text: task ? '' : TEXT, task };
  await cpu.init(init);
  await be.init(init);
  const params = (await cpu.getParams()).map((p) => 2 * p);
  await cpu.setParams(params);
  await be.setParams(params);
  return [cpu, be];
}

describe('GPU traces equal the CPU reference: every cell and variant, 1-2 layers, both directions', () => {
  for (const { name, model } of variantGrid([1, 2], [false, true])) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const [cpu, be] = await pair(gpu, { ...model, hiddenSize: 6 });
      try {
        for (const lossAt of ['all', 'last', { step: 6 }] as const) {
          const want = await cpu.trace(WINDOW, 4, lossAt);
          expect(want.layers.flat()).toHaveLength(model.numLayers * (model.bidirectional ? 2 : 1));
          expectTracesEqual(await be.trace(WINDOW, 4, lossAt), want, JSON.stringify(lossAt));
        }
        // which inputs step 6's prediction used: every input up to it, none after in a one-way network
        const saliency = inputSaliency(await be.trace(WINDOW, 0, { step: 6 }));
        expect(Array.from(saliency.subarray(0, 7), (v) => v > 0)).toEqual(Array(7).fill(true));
        if (!model.bidirectional) expect(Array.from(saliency.subarray(7))).toEqual(Array(WINDOW.length - 8).fill(0));
        else expect(saliency[WINDOW.length - 2]).toBeGreaterThan(0); // the backward direction reads the inputs after
      } finally {
        be.dispose();
      }
    });
  }
});

describe('GPU classifier traces equal the CPU reference: every cell and variant, 2 layers, bidirectional', () => {
  for (const { name, model } of variantGrid([2], [true])) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const [cpu, be] = await pair(gpu, { ...model, hiddenSize: 6 }, EXAMPLES);
      try {
        for (const label of [undefined, 2]) {
          const want = await cpu.trace('turn it on', 4, 'all', label);
          expect(want.classifier!.probs).toHaveLength(3);
          expectTracesEqual(await be.trace('turn it on', 4, 'all', label), want, `label ${label ?? 'predicted'}`);
        }
      } finally {
        be.dispose();
      }
    });
  }
});
