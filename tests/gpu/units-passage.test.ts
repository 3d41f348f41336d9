// "What each unit does" on the GPU: a passage read window after window with the state carried on
// the GPU (src/backend/webgpu/passage.ts) equals the reference passage (src/model/passage.ts) with
// the same parameters, for every cell and variant, 1-2 layers, one-way and bidirectional, odd sizes
// (H = 5, window 7, a prime number of windows): every layer and direction's gate activations, h and
// c at every position, the top-k next characters and their probabilities (relative error <= 1e-4,
// float32), and the gate saturation fractions read from them. A task's sequences on the GPU, each
// from a zero state (eight line lengths: more networks than the side networks keep), equal the
// reference too: lines for every cell and variant, a bidirectional classifier's label
// probabilities, a memory task's answers; each kind of run refuses the other kind of passage.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import type { Backend } from '../../src/backend/types.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import type { GpuContext } from '../../src/backend/webgpu/device.ts';
import { DEFAULT_TRAIN, type ModelConfig } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import type { Passage, PassageSource } from '../../src/model/passage.ts';
import { saturation } from '../../src/model/saturation.ts';
import { END, memoryTask, parseExamples, parseLines, START, type SequenceTask } from '../../src/model/tasks.ts';
import { memoryTestTexts } from '../../src/store/memory-check.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { SEQUENCE_TRAIN } from './step-equality.ts';

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
        const want = await cpu.passage({ text: PASSAGE, window: 7 }, 5);
        const got = await be.passage({ text: PASSAGE, window: 7 }, 5);
        expect(got.N).toBe(35);
        expect(got.reading).toEqual({ kind: 'text', window: 7 });
        expect(got.layers.flat()).toHaveLength(model.numLayers * (model.bidirectional ? 2 : 1));
        expectPassagesEqual(got, want);
        want.layers.forEach((dirs, l) =>
          dirs.forEach((w, d) => {
            const g = got.layers[l]![d]!;
            const [sg, sw] = [saturation(model, g.post, got.N, 5), saturation(model, w.post, want.N, 5)];
            sw.forEach((s, i) => {
              expect(Array.from(sg[i]!.left), `${s.gate} left l${l} d${d}`).toEqual(Array.from(s.left));
              expect(Array.from(sg[i]!.right), `${s.gate} right l${l} d${d}`).toEqual(Array.from(s.right));
            });
          }),
        );
      } finally {
        be.dispose();
      }
    });
  }
});

/** Every layer and direction's gates and states, the top-k and targets of two passages agree. */
function expectPassagesEqual(got: Passage, want: Passage): void {
  expect(got.N).toBe(want.N);
  expect(got.reading.kind).toBe(want.reading.kind);
  want.layers.forEach((dirs, l) =>
    dirs.forEach((w, d) => {
      const g = got.layers[l]![d]!;
      for (const key of ['post', 'h', 'c'] as const) {
        expect(g[key] === null, `${key} l${l} d${d} present`).toBe(w[key] === null);
        if (w[key]) expect(relErr(g[key]!, w[key]!), `${key} l${l} d${d}`).toBeLessThanOrEqual(1e-4);
      }
    }),
  );
  expect(Array.from(got.topK.ids)).toEqual(Array.from(want.topK.ids));
  if (want.topK.k > 0) expect(relErr(got.topK.probs, want.topK.probs)).toBeLessThanOrEqual(1e-4);
  expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
}

/** The passage of `source` on the CPU and the GPU with the same (doubled) parameters. */
async function bothPassages(gpu: GpuContext, model: ModelConfig, task: SequenceTask, source: PassageSource): Promise<[Passage, Passage]> {
  const cpu = new CpuBackend();
  const be = new WebGpuBackend(gpu);
  try {
    const init = { model, train: SEQUENCE_TRAIN, text: '', task };
    await cpu.init(init);
    await be.init(init);
    const params = (await cpu.getParams()).map((p) => 2 * p);
    await cpu.setParams(params);
    await be.setParams(params);
    return [await be.passage(source, 5), await cpu.passage(source, 5)];
  } finally {
    be.dispose();
  }
}

const LINES = parseLines('ab\nabc\nhello\nhi there\nxyz\nquick\nfox jumps\nbrown dog\n');

describe('GPU passages of a task\'s sequences equal the reference', () => {
  for (const { name, model } of variantGrid([1], [false])) {
    it(`lines, ${name}`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const [got, want] = await bothPassages(gpu, { ...model, hiddenSize: 5 }, LINES, { sequences: LINES.lines.map((l) => START + l + END) });
      expectPassagesEqual(got, want);
      expect(got.reading).toEqual(want.reading);
      expect(got.N).toBe(LINES.lines.reduce((n, l) => n + l.length + 1, 0));
    });
  }

  it('a bidirectional 2-layer classifier: states and each sentence\'s label probabilities', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const task = parseExamples(['turn on the light\ton', 'lights off\toff', 'who are you\task', 'on\ton', 'off now\toff', 'why\task'].join('\n'));
    const lstm = variantGrid([2], [true]).find((v) => v.name.startsWith('lstm '))!.model;
    const [got, want] = await bothPassages(gpu, { ...lstm, hiddenSize: 6 }, task, { sequences: ['who are you', 'lights off', 'on'] });
    expectPassagesEqual(got, want);
    if (got.reading.kind !== 'sequences' || want.reading.kind !== 'sequences') throw new Error('not a passage of sequences');
    expect(Array.from(got.reading.starts)).toEqual([0, 11, 21]);
    expect(relErr(got.reading.labelProbs!, want.reading.labelProbs!)).toBeLessThanOrEqual(1e-4);
    expect(got.reading.labelProbs).toHaveLength(3 * 3);
  });

  it('a memory task: its answers asked where the task asks', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const config = { ...memoryDefaults('recall'), delay: 5 };
    const gru = variantGrid([1], [false]).find((v) => v.name.startsWith('gru'))!.model;
    const [got, want] = await bothPassages(gpu, { ...gru, hiddenSize: 7 }, memoryTask(config), { sequences: memoryTestTexts(config, 2, 6) });
    expectPassagesEqual(got, want);
    expect(Array.from(got.targets).some((v) => v < 0)).toBe(true);
  });

  it('each kind of run refuses the other kind of passage', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const model = { ...variantGrid([1], [false])[0]!.model, hiddenSize: 3 };
    for (const be of [new CpuBackend(), new WebGpuBackend(gpu)] as Backend[]) {
      try {
        await be.init({ model, train: SEQUENCE_TRAIN, text: '', task: LINES });
        await expect(be.passage({ text: 'ab abc hello', window: 4 })).rejects.toThrow(RangeError);
        await be.init({ model, train: TRAIN, text: TEXT });
        await expect(be.passage({ sequences: ['she sells'] })).rejects.toThrow(RangeError);
      } finally {
        be.dispose();
      }
    }
  });
});
