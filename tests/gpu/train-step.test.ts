// A full training step on WebGPU (SwiftShader through Dawn) against the CPU backend: loss, every
// gradient tensor and the updated parameters, for every cell and variant, 1-3 layers, both
// directions (relative error <= 1e-4).
import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { evaluateLoss, Trainer } from '../../src/model/train.ts';
import { encode } from '../../src/model/vocab.ts';
import { worstTensor } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectStepsEqualCpu, TEXT, TRAIN } from './step-equality.ts';

describe('one GPU training step equals the CPU backend', () => {
  for (const { name, model } of variantGrid([1, 2, 3], [false, true])) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectStepsEqualCpu(gpu, { ...model, hiddenSize: 13 });
    });
  }
});

// What a real GPU runs: the sliced cell kernels over 16-unit tiles (H = 70: five tiles, the last of 6
// units) and the tiled GEMMs (weight gradients, the projection of layer 2, the logits)
describe('one step with the wide cell kernels equals the CPU backend', () => {
  for (const { name, model } of variantGrid([2], [true])) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectStepsEqualCpu(gpu, { ...model, hiddenSize: 70 }, true);
    });
  }
});

describe('GPU step budget and stats', () => {
  it('fast mode: <= 3LT + 24 dispatches, 1 submit, 0 blocking readbacks per step', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    for (const { model } of variantGrid([1, 3], [false, true])) {
      const be = new WebGpuBackend(gpu);
      const train = { ...TRAIN, seqLen: 9 };
      await be.init({ model: { ...model, hiddenSize: 8 }, train, text: TEXT });
      for (let i = 0; i < 3; i++) {
        await be.trainStep();
        expect(be.lastStep.dispatches).toBeLessThanOrEqual(3 * model.numLayers * train.seqLen + 24);
        expect(be.lastStep.dispatches).toBeGreaterThanOrEqual(2 * model.numLayers * train.seqLen);
        expect(be.lastStep.submits).toBe(1);
        expect(be.lastStep.readbacks).toBe(0);
      }
      be.dispose();
      be.dispose();
    }
  });

  it('clipping by norm and by value matches the CPU', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    for (const clip of [{ clipMode: 'norm' as const, clipValue: 0.05 }, { clipMode: 'value' as const, clipValue: 0.002 }]) {
      const model = variantGrid([1], [false])[2]!.model; // lstm
      const train = { ...TRAIN, ...clip };
      const cpu = new CpuBackend();
      await cpu.init({ model: { ...model, hiddenSize: 13 }, train, text: TEXT });
      const be = new WebGpuBackend(gpu);
      await be.init({ model: { ...model, hiddenSize: 13 }, train, text: TEXT });
      const want = await cpu.trainStep();
      await be.trainStep();
      const got = await be.flush();
      expect(want.clipped).toBe(true);
      expect(got.clipped).toBe(true);
      expect(Math.abs(got.gradNorm - want.gradNorm) / want.gradNorm).toBeLessThanOrEqual(1e-4);
      const [name, err] = worstTensor(be.layout, await be.getParams(), await cpu.getParams());
      expect(err, name).toBeLessThanOrEqual(1e-4);
      be.dispose();
    }
  });
});

describe('200 training steps', () => {
  it('reach the same loss on WebGPU as on the CPU backend (within 1%), for each cell', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const text = 'one two three four five six seven eight nine ten. '.repeat(6);
    for (const cell of CELL_KINDS) {
      const model = { ...variantGrid([1], [false]).find((v) => v.model.cell === cell)!.model, hiddenSize: 24 };
      const train = { ...DEFAULT_TRAIN, batchSize: 4, seqLen: 16, learningRate: 0.01 };
      const cpu = new Trainer({ model, train, text });
      const be = new WebGpuBackend(gpu);
      await be.init({ model, train, text });
      let cpuLoss = 0;
      for (let i = 0; i < 200; i++) {
        cpuLoss = cpu.step().loss;
        await be.trainStep();
      }
      const got = await be.flush();
      expect(got.lossStep).toBe(200);
      expect(cpuLoss).toBeLessThan(0.5); // it learned
      const ids = encode(cpu.vocab, text).ids;
      const cpuEval = evaluateLoss(model, cpu.params, cpu.vocab.size, ids, 16);
      const gpuEval = evaluateLoss(model, await be.getParams(), cpu.vocab.size, ids, 16);
      expect(Math.abs(gpuEval - cpuEval) / cpuEval, `${cell}: eval ${gpuEval} vs ${cpuEval}`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(got.loss - cpuLoss) / cpuLoss, `${cell}: last step ${got.loss} vs ${cpuLoss}`).toBeLessThanOrEqual(0.01);
      be.dispose();
    }
  });
});

describe('adapter limits', () => {
  it('a shape that does not fit gets a clear ConfigError before anything is allocated', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const be = new WebGpuBackend(gpu);
    const errors: string[] = [];
    gpu.device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
    const model = { ...variantGrid([1], [false])[2]!.model, hiddenSize: 1024 };
    const train = { ...DEFAULT_TRAIN, batchSize: 512, seqLen: 1024 };
    const text = 'ab'.repeat(300_000);
    await expect(be.init({ model, train, text })).rejects.toThrow(/needs a \d+ MB GPU buffer but the adapter allows \d+ MB: lower the batch size/);
    await expect(be.trainStep()).rejects.toThrow(/init\(\) first/);
    await gpu.device.queue.onSubmittedWorkDone();
    expect(errors).toEqual([]);
  });
});

describe('setParams', () => {
  it('restarts the carried state on both backends, so the next step agrees', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const model = { ...variantGrid([1], [false])[0]!.model, hiddenSize: 10 };
    const train = { ...TRAIN, batchSize: 2, seqLen: 5 }; // many windows per epoch: the state is carried
    const cpu = new CpuBackend();
    const be = new WebGpuBackend(gpu);
    await cpu.init({ model, train, text: TEXT });
    await be.init({ model, train, text: TEXT });
    const initial = await cpu.getParams();
    for (let i = 0; i < 3; i++) {
      await cpu.trainStep();
      await be.trainStep();
    }
    await cpu.setParams(initial);
    await be.setParams(initial);
    const want = await cpu.trainStep();
    await be.trainStep();
    const got = await be.flush();
    expect(got.lossStep).toBe(4);
    expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThanOrEqual(1e-4);
    be.dispose();
  });
});
