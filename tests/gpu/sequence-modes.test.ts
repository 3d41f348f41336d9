// Line and classification modes on WebGPU (SwiftShader through Dawn) against the CPU reference:
// every training step (loss, every gradient, updated parameters) over batches of different
// sequence lengths, for every cell and variant, one-way and bidirectional (relative error
// <= 1e-4); the classifier's trace and step mode; whole generated lines; training that learns.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import type { GpuContext } from '../../src/backend/webgpu/device.ts';
import type { ModelConfig } from '../../src/model/config.ts';
import { evaluateExamples, evaluateLines, SequenceTrainer } from '../../src/model/sequence-train.ts';
import { END, parseExamples, parseLines, type SequenceTask } from '../../src/model/tasks.ts';
import { INTENTS, NAMES } from '../../src/store/task-presets.ts';
import { relErr, worstTensor } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectSequenceStepsEqualCpu, SEQUENCE_TRAIN } from './step-equality.ts';

// lengths 2..9, so batches come from several buckets (several GPU networks)
const LINES = parseLines('ab\nabc\nhello\nhi there\nxyz\nquick\nfox jumps\nbrown\n');
const EXAMPLES = parseExamples(['turn on the light\ton', 'lights on please\ton', 'switch it on\ton', 'turn it off\toff', 'lights off\toff', 'off now\toff', 'on\ton', 'what is it\task', 'who are you\task', 'why\task'].join('\n'));
const TRAIN = SEQUENCE_TRAIN;

describe('line mode: one GPU step equals the CPU reference', () => {
  // the classification tests below cross every variant with bidirectional layers
  for (const { name, model } of variantGrid([1], [false, true]).filter((v) => !v.model.bidirectional || v.name.startsWith('rnn-tanh') || v.name.startsWith('gru-original'))) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectSequenceStepsEqualCpu(gpu, { ...model, hiddenSize: 13 }, LINES);
    });
  }
});

describe('classification: one GPU step equals the CPU reference', () => {
  for (const { name, model } of [...variantGrid([1], [false]), ...variantGrid([2], [true])]) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectSequenceStepsEqualCpu(gpu, { ...model, hiddenSize: 13 }, EXAMPLES);
    });
  }
  it('with the wide cell kernels of real GPUs (H = 70, 2 layers, bidirectional LSTM)', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    const lstm = variantGrid([2], [true]).find((v) => v.name.startsWith('lstm '))!.model;
    if (gpu) await expectSequenceStepsEqualCpu(gpu, { ...lstm, hiddenSize: 70 }, EXAMPLES, true);
  });
});

describe('classifier traces and step mode on the GPU', () => {
  const model = { ...variantGrid([2], [true]).find((v) => v.name.startsWith('gru-pytorch'))!.model, hiddenSize: 11 };

  it('the trace of a sentence equals the CPU: states, gradient norms, label probabilities', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const cpu = new CpuBackend();
    const be = new WebGpuBackend(gpu);
    for (const b of [cpu, be]) await b.init({ model, train: TRAIN, text: '', task: EXAMPLES });
    for (const label of [undefined, 2]) {
      const want = await cpu.trace('turn on the light', 5, 'all', label);
      const got = await be.trace('turn on the light', 5, 'all', label);
      expect(got.T).toBe(17);
      expect(got.classifier!.label).toBe(want.classifier!.label);
      expect(relErr(got.classifier!.probs, want.classifier!.probs)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThanOrEqual(1e-4);
      expect(got.topK.k).toBe(0);
      for (let l = 0; l < 2; l++) {
        for (let d = 0; d < 2; d++) {
          expect(relErr(got.layers[l]![d]!.h, want.layers[l]![d]!.h)).toBeLessThanOrEqual(1e-5);
          expect(relErr(got.layers[l]![d]!.dhNorm, want.layers[l]![d]!.dhNorm)).toBeLessThanOrEqual(1e-4);
        }
      }
    }
    expect((await be.trace('turn on the light', 5, 'all', 2)).classifier!.label).toBe(2);
    be.dispose();
  });

  it('step mode outputs the label probabilities after the last tick only', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const cpu = new CpuBackend();
    const be = new WebGpuBackend(gpu);
    for (const b of [cpu, be]) await b.init({ model, train: TRAIN, text: '', task: EXAMPLES });
    const [a, b] = [await cpu.openStepper('lights off'), await be.openStepper('lights off')];
    expect(b.ticks).toHaveLength(2 * 10);
    for (let i = 0; i < b.ticks.length; i++) {
      const [want, got] = [await a.step(), await b.step()];
      expect(relErr(got!.dirs[1]!.h, want!.dirs[1]!.h)).toBeLessThanOrEqual(1e-5);
      if (i < b.ticks.length - 1) expect(got!.probs).toBeNull();
      else {
        expect(got!.probs).toHaveLength(3);
        expect(relErr(got!.probs!, want!.probs!)).toBeLessThanOrEqual(1e-5);
      }
    }
    expect(await b.step()).toBeNull();
    b.close();
    await expect(be.sample({ prime: '', length: 5, temperature: 1, topK: 0, seed: 1 })).rejects.toThrow(/does not generate text/);
    be.dispose();
  });
});

describe('training whole sequences on the GPU', () => {
  // Both engines train side by side for TOGETHER steps and must still agree closely; after that
  // float rounding, amplified by training itself, parts the trajectories (measured on the intents:
  // parameters within 3e-5 up to step 80, 2e-3 by step 120), so the GPU trains on alone.
  const TOGETHER = 60;

  /** `steps` GPU updates, the first TOGETHER beside the CPU reference; returns both. */
  async function trainBeside(gpu: GpuContext, model: ModelConfig, train: typeof TRAIN, task: SequenceTask, steps: number) {
    const cpu = new SequenceTrainer({ model, train, task });
    const be = new WebGpuBackend(gpu);
    await be.init({ model, train, text: '', task });
    for (let i = 0; i < TOGETHER; i++) {
      cpu.step();
      await be.trainStep();
    }
    const [name, err] = worstTensor(be.layout, await be.getParams(), cpu.params);
    expect(err, `parameter ${name} after ${TOGETHER} steps`).toBeLessThanOrEqual(1e-3);
    for (let i = TOGETHER; i < steps; i++) await be.trainStep();
    expect((await be.flush()).lossStep).toBe(steps);
    return { cpu, be };
  }

  it('names: the GPU keeps to the CPU, learns, and its sampled lines end at the end token', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const task = parseLines(NAMES);
    const model = { ...variantGrid([1], [false]).find((v) => v.name.startsWith('lstm '))!.model, hiddenSize: 32 };
    const train = { ...TRAIN, batchSize: 16, learningRate: 0.02 };
    const { be } = await trainBeside(gpu, model, train, task, 150);
    const gpuLoss = evaluateLines(model, await be.getParams(), task.vocab, task.lines);
    expect(gpuLoss).toBeLessThan(2.2); // learned (a uniform guess over its 27 symbols is 3.3 nats)
    const cpuBackend = new CpuBackend();
    await cpuBackend.init({ model, train, text: '', task, params: await be.getParams() });
    for (const seed of [1, 2, 3]) {
      const opts = { prime: '', length: 40, temperature: 0.8, topK: 0, seed };
      const line = await be.sample(opts);
      expect(line).toBe(await cpuBackend.sample(opts)); // the GPU's probabilities draw the same line
      expect(line).not.toContain(END);
      expect(line).not.toContain('\n');
      expect(line.length).toBeGreaterThan(1);
      expect(line.length).toBeLessThan(40);
    }
    expect((await be.sample({ prime: 'ma', length: 40, temperature: 0, topK: 0, seed: 1 })).startsWith('ma')).toBe(true);
    be.dispose();
  });

  it('intents: the GPU keeps to the CPU, fits the training sentences and classifies held-out ones', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const task = parseExamples(INTENTS);
    const model = { ...variantGrid([1], [true]).find((v) => v.name.startsWith('gru-pytorch'))!.model, hiddenSize: 32 };
    const train = { ...TRAIN, batchSize: 16, learningRate: 0.02 };
    const { be } = await trainBeside(gpu, model, train, task, 150);
    const params = await be.getParams();
    const fit = evaluateExamples(model, params, task, task.train);
    const heldOut = evaluateExamples(model, params, task, task.heldOut);
    console.log(`intents after 150 GPU steps: training accuracy ${fit.accuracy.toFixed(3)}, held-out ${heldOut.accuracy.toFixed(3)}`);
    expect(fit.accuracy).toBeGreaterThan(0.85);
    expect(heldOut.accuracy).toBeGreaterThan(0.5);
    be.dispose();
  });
});
