// The GPU's clipping and optimizer (optimizer.wgsl, stats.wgsl) against the CPU reference with every
// optimizer and clipping mode, on every cell and variant (CELL_VARIANTS), stacked and bidirectional:
// two training steps each (Adam's and RMSprop's second step reads the moments of the first), the
// loss, norm, clipped flag, every gradient, parameter and parameter change as step-equality.ts
// compares them (relative error 1e-4; changes 1e-3). Each variant runs all three optimizers, and the
// clipping mode turns with the variant, so every (optimizer, clipping) pair runs on two variants and
// every cell kind sees every optimizer and every clipping mode. Small shapes: SwiftShader is slow.
import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import type { ClipMode, OptimizerKind, TrainConfig } from '../../src/model/config.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { Trainer } from '../../src/model/train.ts';
import { worstTensor } from '../helpers/compare.ts';
import { CELL_VARIANTS } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectStepsEqualCpu, TEXT, TRAIN } from './step-equality.ts';

const OPTIMIZERS: OptimizerKind[] = ['sgd', 'rmsprop', 'adam'];
const CLIPS: ClipMode[] = ['norm', 'value', 'none'];
/** Learning rates at which each update is large beside float32's rounding of the parameters. */
const LR: Record<OptimizerKind, number> = { sgd: 0.5, rmsprop: 0.003, adam: 0.01 };
/** Thresholds under the gradients of these shapes, so both steps clip (the CPU says it clipped). */
const CLIP_VALUE: Record<ClipMode, number> = { norm: 0.05, value: 0.002, none: 0 };

const cases = CELL_VARIANTS.flatMap(({ name, model }, v) =>
  OPTIMIZERS.map((optimizer, o) => {
    const clipMode = CLIPS[(o + v) % CLIPS.length]!;
    const train: TrainConfig = { ...TRAIN, seqLen: 4, optimizer, learningRate: LR[optimizer], clipMode, clipValue: CLIP_VALUE[clipMode] || TRAIN.clipValue };
    return { name: `${name} L=2 bidir: ${optimizer}, clip ${clipMode}`, model: { ...model, hiddenSize: 5, numLayers: 2, bidirectional: true }, train };
  }),
);

it('every cell kind meets every optimizer and every clipping mode; the thresholds clip both steps', () => {
  for (const cell of CELL_KINDS) {
    const mine = cases.filter((c) => c.model.cell === cell);
    expect(new Set(mine.map((c) => c.train.optimizer))).toEqual(new Set(OPTIMIZERS));
    expect(new Set(mine.map((c) => c.train.clipMode))).toEqual(new Set(CLIPS));
  }
  expect(new Set(cases.map((c) => `${c.train.optimizer} ${c.train.clipMode}`)).size).toBe(OPTIMIZERS.length * CLIPS.length);
  for (const { name, model, train } of cases) {
    const cpu = new Trainer({ model, train, text: TEXT });
    expect([cpu.step().clipped, cpu.step().clipped], name).toEqual([train.clipMode !== 'none', train.clipMode !== 'none']);
  }
});

describe('two GPU training steps equal the CPU reference, for every optimizer and clipping mode', () => {
  for (const { name, model, train } of cases) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectStepsEqualCpu(gpu, model, false, train);
    });
  }
});

// Switching the optimizer mid-run restarts its state on both engines (Adam's moments and its
// bias correction's t), while the run's step count goes on.
it('an optimizer switch mid-run restarts the optimizer as the reference does; steps go on', async (ctx) => {
  const gpu = await gpuOrSkip(ctx.skip);
  if (!gpu) return;
  const model = { ...CELL_VARIANTS.find((v) => v.model.cell === 'lstm')!.model, hiddenSize: 5 };
  const train: TrainConfig = { ...TRAIN, seqLen: 4, optimizer: 'sgd', learningRate: 0.5 };
  const be = new WebGpuBackend(gpu);
  await be.init({ model, train, text: TEXT });
  const cpu = new Trainer({ model, train, text: TEXT });
  for (let i = 0; i < 2; i++) {
    await be.trainStep();
    cpu.step();
  }
  be.updateTrainConfig({ optimizer: 'adam', learningRate: 0.01 });
  cpu.updateTrainConfig({ optimizer: 'adam', learningRate: 0.01 });
  let last = 0;
  for (let i = 0; i < 2; i++) {
    last = (await be.trainStep()).step;
    cpu.step();
  }
  expect(last).toBe(4);
  const [name, err] = worstTensor(be.layout, await be.getParams(), cpu.params);
  expect(err, name).toBeLessThanOrEqual(1e-4);
  be.dispose();
});
