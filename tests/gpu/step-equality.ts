// Shared by the GPU tests that hold a training step to the CPU reference (train-step.test.ts,
// cell-registry.test.ts; sequence-modes.test.ts and memory-tasks.test.ts for whole sequences):
// the text, the training configs and the comparisons.
import { expect } from 'vitest';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import type { GpuContext } from '../../src/backend/webgpu/device.ts';
import { DEFAULT_TRAIN, type ModelConfig, type TrainConfig } from '../../src/model/config.ts';
import { SequenceTrainer } from '../../src/model/sequence-train.ts';
import type { SequenceTask } from '../../src/model/tasks.ts';
import { Trainer } from '../../src/model/train.ts';
import { worstTensor } from '../helpers/compare.ts';

export const TEXT = 'the quick brown fox jumps over the lazy dog; THE QUICK BROWN FOX! 0123456789\n'.repeat(3);
// odd sizes: H = 13 (not a multiple of the workgroup), V = 45 here, B = 3, T = 7
export const TRAIN = { ...DEFAULT_TRAIN, batchSize: 3, seqLen: 7, learningRate: 0.01, clipMode: 'none' as const };

/** Two training steps on the GPU equal the CPU reference: loss, gradient norm, whether it clipped,
 *  every gradient and parameter tensor and each tensor's change in the step (the optimizer's update:
 *  relative error <= 1e-3, float32 rounding of p_new - p_old); and each stays within the dispatch
 *  budget. `train`: another optimizer or clipping than TRAIN's. Returns each step's dispatches. */
export async function expectStepsEqualCpu(gpu: GpuContext, m: ModelConfig, wide?: boolean, train: TrainConfig = TRAIN): Promise<number[]> {
  const cpu = new Trainer({ model: m, train, text: TEXT });
  const be = new WebGpuBackend(gpu, 4, 50, 2, wide);
  await be.init({ model: m, train, text: TEXT });
  const dispatches: number[] = [];
  try {
    expect(await be.getParams()).toEqual(cpu.params); // same seeded init
    for (let step = 0; step < 2; step++) {
      const before = cpu.params.slice();
      const want = cpu.step();
      await be.trainStep();
      dispatches.push(be.lastStep.dispatches);
      expect(be.lastStep.dispatches).toBeLessThanOrEqual(3 * m.numLayers * train.seqLen + 24);
      const got = await be.flush();
      expect(got.lossStep).toBe(step + 1);
      expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(got.gradNorm - want.gradNorm) / want.gradNorm).toBeLessThanOrEqual(1e-4);
      expect(got.clipped, 'clipped').toBe(want.clipped);
      const [gName, gErr] = worstTensor(be.layout, await be.getGradients(), cpu.grad);
      expect(gErr, `gradient ${gName}`).toBeLessThanOrEqual(1e-4);
      const params = await be.getParams();
      const [pName, pErr] = worstTensor(be.layout, params, cpu.params);
      expect(pErr, `parameter ${pName}`).toBeLessThanOrEqual(1e-4);
      const change = (p: ArrayLike<number>) => Float64Array.from(before, (b, i) => p[i]! - b);
      const [cName, cErr] = worstTensor(be.layout, change(params), change(cpu.params));
      expect(cErr, `change of ${cName}`).toBeLessThanOrEqual(1e-3);
    }
  } finally {
    be.dispose();
  }
  return dispatches;
}

/** Whole sequences: B = 3, no clipping. */
export const SEQUENCE_TRAIN = { ...DEFAULT_TRAIN, batchSize: 3, learningRate: 0.01, clipMode: 'none' as const };

/** Four training steps on whole sequences (line, classification and memory tasks): the GPU equals
 *  the CPU reference in loss, gradient norm, a memory task's accuracy, every gradient and every
 *  parameter (relative error <= 1e-4), within the dispatch budget; a task of several sequence
 *  lengths uses more than one of them. */
export async function expectSequenceStepsEqualCpu(gpu: GpuContext, model: ModelConfig, task: SequenceTask, wide = false) {
  const cpu = new SequenceTrainer({ model, train: SEQUENCE_TRAIN, task });
  const be = new WebGpuBackend(gpu, 1, 50, 2, wide);
  await be.init({ model, train: SEQUENCE_TRAIN, text: '', task });
  try {
    expect(await be.getParams()).toEqual(cpu.params); // same seeded init
    const lengths = new Set<number>();
    for (let step = 0; step < 4; step++) {
      const want = cpu.step();
      lengths.add(cpu.lastLength);
      await be.trainStep();
      expect(be.lastStep.dispatches).toBeLessThanOrEqual(3 * model.numLayers * cpu.lastLength + 24);
      expect(be.lastStep.submits).toBe(1);
      expect(be.lastStep.readbacks).toBe(0);
      const got = await be.flush();
      expect(got.lossStep).toBe(step + 1);
      expect(Math.abs(got.loss - want.loss) / want.loss, `loss at step ${step + 1}`).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(got.gradNorm - want.gradNorm) / want.gradNorm).toBeLessThanOrEqual(1e-4);
      if (want.accuracy !== undefined) expect(got.accuracy, 'accuracy').toBeCloseTo(want.accuracy, 6); // the GPU's mean is f32
      const [gName, gErr] = worstTensor(be.layout, await be.getGradients(), cpu.grad);
      expect(gErr, `gradient ${gName}`).toBeLessThanOrEqual(1e-4);
      const [pName, pErr] = worstTensor(be.layout, await be.getParams(), cpu.params);
      expect(pErr, `parameter ${pName}`).toBeLessThanOrEqual(1e-4);
    }
    if (task.mode !== 'memory') expect(lengths.size).toBeGreaterThan(1); // the steps used networks of different lengths
  } finally {
    be.dispose();
  }
}
