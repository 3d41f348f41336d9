// Issue 20 on the GPU (SwiftShader through Dawn) against the CPU reference: training steps under
// each learning-rate schedule and initialisation equal the reference's; the validation loss over a
// held-out text (windows carried with state, a shorter last window) equals referenceValidationLoss
// to 1e-4, also in slices with training steps in between (it reads the parameters it opened on),
// and over held-out lines; a run resumed from its state continues with the parameters of an uninterrupted one.
import { describe, expect, it } from 'vitest';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_MODEL, DEFAULT_SCHEDULE, type ModelConfig, type TrainConfig } from '../../src/model/config.ts';
import { parseLines } from '../../src/model/tasks.ts';
import { referenceValidationLoss } from '../../src/model/validation.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { worstTensor } from '../helpers/compare.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectStepsEqualCpu, TEXT, TRAIN } from './step-equality.ts';

const lstm: ModelConfig = { ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 13 };
const gru: ModelConfig = { ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 13, numLayers: 2 };
const irnn: ModelConfig = { ...DEFAULT_MODEL, cell: 'rnn', nonlinearity: 'relu', hiddenSize: 13 };
const cosine = { ...DEFAULT_SCHEDULE, kind: 'warmup-cosine' as const, warmupSteps: 1, decaySteps: 3, minFactor: 0.2 };
const stepDecay = { ...DEFAULT_SCHEDULE, kind: 'step' as const, stepEvery: 1, stepFactor: 0.5 };

describe('schedules and initialisations: two GPU steps equal the CPU reference', () => {
  const cases: [string, ModelConfig, TrainConfig][] = [
    ['LSTM, orthogonal W_hh, forget-gate bias 1, warm-up + cosine', lstm, { ...TRAIN, schedule: cosine, init: { kind: 'orthogonal', carryBias: true } }],
    ['GRU (2 layers), update-gate bias 1, step decay, SGD', gru, { ...TRAIN, optimizer: 'sgd', learningRate: 0.5, schedule: stepDecay, init: { kind: 'pytorch', carryBias: true } }],
    ['relu RNN, identity W_hh (Le et al.), step decay', irnn, { ...TRAIN, schedule: stepDecay, init: { kind: 'identity-relu', carryBias: false } }],
  ];
  for (const [name, model, train] of cases) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectStepsEqualCpu(gpu, model, undefined, train);
    });
  }
});

describe('validation loss on the GPU equals the reference', () => {
  // 52 positions: 7 windows of 7 carried with state, then one of 3
  const heldOut = 'a fox jumped over; the lazy dog slept. THE END! 0123';
  for (const model of [{ ...lstm, numLayers: 2 }, { ...gru, bidirectional: true }, irnn]) {
    it(`${model.cell}, ${model.numLayers} layer(s)${model.bidirectional ? ', bidirectional' : ''}, after two steps`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const be = new WebGpuBackend(gpu);
      try {
        await be.init({ model, train: TRAIN, text: TEXT, vocab: buildVocab(TEXT + heldOut) });
        await be.trainStep();
        await be.trainStep();
        const got = await be.validationLoss({ mode: 'lm', text: heldOut });
        const want = referenceValidationLoss(model, await be.getParams(), be.vocab, { mode: 'lm', text: heldOut }, TRAIN.seqLen);
        expect(Math.abs(got - want) / want).toBeLessThanOrEqual(1e-4);
        // in slices, a training step in between: the loss of the parameters it opened on
        const v = await be.openValidation({ mode: 'lm', text: heldOut });
        expect(await v.advance(3)).toBeNull();
        expect((await be.trainStep()).step).toBe(3);
        const sliced = await v.advance(Infinity);
        v.close();
        expect(Math.abs(sliced! - want) / want).toBeLessThanOrEqual(1e-4);
      } finally {
        be.dispose();
      }
    });
  }
});

describe('lines: validation loss on the GPU equals the reference', () => {
  it('held-out lines of three lengths, whole and a length at a time', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const task = parseLines('anna\nbob\ncarla\ndave\neve\nfrank\ngina\nhugo\nida\nkim\nlou');
    const heldOut = { mode: 'lines' as const, lines: ['carla', 'ida', 'bob', 'frank', 'eve'] };
    const be = new WebGpuBackend(gpu);
    try {
      await be.init({ model: lstm, train: { ...TRAIN, seqLen: 64 }, text: '', task });
      await be.trainStep();
      const want = referenceValidationLoss(lstm, await be.getParams(), be.vocab, heldOut, 64);
      expect(Math.abs((await be.validationLoss(heldOut)) - want) / want).toBeLessThanOrEqual(1e-4);
      const v = await be.openValidation(heldOut);
      expect(await v.advance(1)).toBeNull(); // the lines of 3 characters
      await be.trainStep();
      const sliced = await v.advance(Infinity);
      v.close();
      expect(Math.abs(sliced! - want) / want).toBeLessThanOrEqual(1e-4);
    } finally {
      be.dispose();
    }
  });
});

describe('resume on the GPU', () => {
  it('3 steps, state out, a new backend from it, 2 more: the parameters of 5 straight steps', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const train = { ...TRAIN, schedule: cosine };
    const [straight, first, second] = [new WebGpuBackend(gpu), new WebGpuBackend(gpu), new WebGpuBackend(gpu)];
    try {
      await straight.init({ model: lstm, train, text: TEXT });
      for (let i = 0; i < 5; i++) await straight.trainStep();
      await first.init({ model: lstm, train, text: TEXT });
      for (let i = 0; i < 3; i++) await first.trainStep();
      const state = await first.trainingState();
      expect(state).toMatchObject({ step: 3, batches: 3, optimizer: { kind: 'adam', t: 3 } });
      expect(state.carried.length).toBe(2 * TRAIN.batchSize * lstm.hiddenSize); // h and c of one layer
      await second.init({ model: lstm, train, text: TEXT, params: await first.getParams(), resume: state });
      for (let i = 0; i < 2; i++) await second.trainStep();
      expect((await second.flush()).step).toBe(5);
      const [name, err] = worstTensor(second.layout, await second.getParams(), await straight.getParams());
      expect(err, name).toBeLessThanOrEqual(1e-6);
    } finally {
      for (const b of [straight, first, second]) b.dispose();
    }
  });
});
