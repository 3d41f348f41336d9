// The memory tasks on WebGPU (SwiftShader through Dawn) against the CPU reference: every task's
// training steps (loss, accuracy on the answer positions, every gradient, every parameter) with
// every cell variant among them, one-way and bidirectional; a memory sequence's trace (answers,
// their probabilities, the last answer's gradient reaching back); and the sweep on the GPU.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { MEMORY_KINDS, memoryDefaults, memoryVocab, type MemoryConfig } from '../../src/model/memory-tasks.ts';
import { drawSequences } from '../../src/model/memory-generators.ts';
import { memoryTask } from '../../src/model/tasks.ts';
import { decode } from '../../src/model/vocab.ts';
import { runSweep } from '../../src/engine/sweep.ts';
import { relErr } from '../helpers/compare.ts';
import { CELL_VARIANTS } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectSequenceStepsEqualCpu, SEQUENCE_TRAIN } from './step-equality.ts';

/** Small knobs: sequences of 6 to 12 steps. */
const SMALL: Record<(typeof MEMORY_KINDS)[number], Partial<MemoryConfig>> = {
  copy: { length: 2, delay: 3, symbols: 4 },
  recall: { delay: 5, symbols: 5 },
  parity: { length: 7 },
  brackets: { depth: 2 },
  counting: { length: 4 },
  order: { delay: 6, symbols: 3 },
};
const small = (task: (typeof MEMORY_KINDS)[number]): MemoryConfig => ({ ...memoryDefaults(task), ...SMALL[task] });

describe('memory tasks: every GPU step equals the CPU reference', () => {
  MEMORY_KINDS.forEach((task, i) => {
    // each task with another cell variant (all of them covered), the last two bidirectional
    const { name, model } = CELL_VARIANTS[i % CELL_VARIANTS.length]!;
    const bidirectional = i >= MEMORY_KINDS.length - 2;
    it(`${task} with ${name}${bidirectional ? ' bidir' : ''}`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await expectSequenceStepsEqualCpu(gpu, { ...model, hiddenSize: 13, bidirectional }, memoryTask(small(task)));
    });
  });
});

describe('memory tasks: traces and the sweep on the GPU', () => {
  const model = { ...CELL_VARIANTS.find((v) => v.name === 'lstm')!.model, hiddenSize: 12 };
  const config = small('copy');

  it("a copy sequence's trace equals the CPU: answers, their probabilities, the last answer's gradient", async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const cpu = new CpuBackend();
    const be = new WebGpuBackend(gpu);
    for (const b of [cpu, be]) await b.init({ model, train: SEQUENCE_TRAIN, text: '', task: memoryTask(config) });
    const [seq] = drawSequences(config, 1, 9);
    const text = decode(memoryVocab(config), seq!.inputs);
    expect(text).toMatch(/^[a-d]{2}___:__$/);
    for (const lossAt of ['all', 'last'] as const) {
      const [want, got] = [await cpu.trace(text, 3, lossAt), await be.trace(text, 3, lossAt)];
      expect(Array.from(got.targets)).toEqual(Array.from(seq!.targets)); // asked only after the go marker
      expect(got.targets.slice(0, 6).every((y) => y === -1)).toBe(true);
      expect(relErr(got.targetProbs.slice(6), want.targetProbs.slice(6))).toBeLessThanOrEqual(1e-5);
      expect(Number.isNaN(got.targetProbs[0]!)).toBe(true);
      expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThanOrEqual(1e-4);
      expect(relErr(got.layers[0]![0]!.dhNorm, want.layers[0]![0]!.dhNorm)).toBeLessThanOrEqual(1e-4);
      // the last answer's gradient reaches the symbol it asks for, 6 steps back
      if (lossAt === 'last') expect(got.layers[0]![0]!.dhNorm[1]).toBeGreaterThan(0);
    }
    await expect(be.sample({ prime: '', length: 5, temperature: 1, topK: 0, seed: 1 })).rejects.toThrow(/does not generate/);
    be.dispose();
  });

  it('a sweep on the GPU gives the CPU its points, and a cancelled one keeps those it finished', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const spec = { memory: small('recall'), values: [2, 4], cells: ['rnn', 'gru'] as ('rnn' | 'gru')[], model, train: SEQUENCE_TRAIN, steps: 20 };
    const onGpu = await runSweep(spec, () => new WebGpuBackend(gpu), { point: () => undefined });
    const onCpu = await runSweep(spec, () => new CpuBackend(), { point: () => undefined });
    expect(onGpu.map((p) => [p.cell, p.value])).toEqual([['rnn', 2], ['gru', 2], ['rnn', 4], ['gru', 4]]);
    onGpu.forEach((p, i) => {
      expect(p).toMatchObject({ task: 'recall', knob: 'delay', steps: 20, chance: 1 / 5, accuracy: expect.closeTo(onCpu[i]!.accuracy, 6) });
      expect(Math.abs(p.loss - onCpu[i]!.loss) / onCpu[i]!.loss).toBeLessThanOrEqual(1e-4);
    });
    let done = 0;
    const kept = await runSweep(spec, () => new WebGpuBackend(gpu), { point: () => undefined, progress: (d) => (done = d), cancelled: () => done >= 2 * 20 + 6 });
    expect(kept).toEqual(onGpu.slice(0, 2)); // the first difficulty's two points, the same numbers
  });
});
