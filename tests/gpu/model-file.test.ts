// Model files on both backends: export then import gives identical parameters and loss; and the
// CLI's --backend webgpu trains like --backend cpu, deterministically, in every task mode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import type { Backend } from '../../src/backend/types.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { INTENTS } from '../../src/store/task-presets.ts';

const TEXT = 'row, row, row your boat, gently down the stream. 你好! ';
const TRAIN = { ...DEFAULT_TRAIN, batchSize: 3, seqLen: 10, learningRate: 0.01 };
const WINDOW = 'row your boat, gently';

async function roundTrip(make: () => Backend, model: Parameters<Backend['init']>[0]['model']) {
  const a = make();
  await a.init({ model, train: TRAIN, text: TEXT });
  for (let i = 0; i < 8; i++) await a.trainStep();
  const params = await a.getParams();
  const file = readModelFile(writeModelFile({ model, vocab: a.vocab, params }));
  const b = make();
  await b.init({ model: file.model, train: TRAIN, text: TEXT, vocab: file.vocab, params: file.params });
  expect(b.vocab.symbols).toEqual(a.vocab.symbols);
  expect(Buffer.from((await b.getParams()).buffer).equals(Buffer.from(params.buffer))).toBe(true);
  expect((await b.trace(WINDOW)).loss).toBe((await a.trace(WINDOW)).loss);
  a.dispose();
  b.dispose();
}

describe('export then import: identical parameters and loss', () => {
  for (const { name, model } of variantGrid([2], [true]).filter((_, i) => i % 2 === 0)) {
    it(`cpu ${name}`, async () => roundTrip(() => new CpuBackend(), { ...model, hiddenSize: 7 }));
    it(`webgpu ${name}`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (gpu) await roundTrip(() => new WebGpuBackend(gpu), { ...model, hiddenSize: 7 });
    });
  }
});

describe('CLI on WebGPU (Dawn, SwiftShader)', () => {
  it('trains like the CPU backend, and the same way twice', async (ctx) => {
    if (!(await gpuOrSkip(ctx.skip))) return;
    const dir = tempFiles({ 'text.txt': TEXT });
    const args = ['train', '--text', `${dir}/text.txt`, '--hidden', '16', '--seq-len', '10', '--batch', '3', '--steps', '4', '--json', '--seed', '2'];
    const [g1, g2, c] = [await runCli([...args, '--backend', 'webgpu'], { software: true }), await runCli([...args, '--backend', 'webgpu'], { software: true }), await runCli([...args, '--backend', 'cpu'])];
    expect(g1.code, g1.stderr).toBe(0);
    expect(g1.stderr).toMatch(/on webgpu \(google · swiftshader/);
    const [a, b, ref] = [jsonLines(g1.stdout), jsonLines(g2.stdout), jsonLines(c.stdout)];
    expect(a.map((l) => [l.step, l.loss, l.gradNorm])).toEqual(b.map((l) => [l.step, l.loss, l.gradNorm]));
    a.forEach((l, i) => {
      expect(l.step).toBe(i + 1);
      expect(Math.abs(l.loss - ref[i]!.loss) / ref[i]!.loss).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(l.gradNorm - ref[i]!.gradNorm) / ref[i]!.gradNorm).toBeLessThanOrEqual(1e-4);
    });
  });

  it('--mode classify trains a classifier on the GPU as on the CPU, and writes its labels', async (ctx) => {
    if (!(await gpuOrSkip(ctx.skip))) return;
    const dir = tempFiles({ 'intents.txt': INTENTS });
    const args = ['train', '--mode', 'classify', '--text', `${dir}/intents.txt`, '--cell', 'lstm', '--hidden', '12', '--bidirectional', '--batch', '4', '--steps', '6', '--json'];
    const [g, c] = [await runCli([...args, '--backend', 'webgpu', '--out', `${dir}/g.safetensors`], { software: true }), await runCli([...args, '--backend', 'cpu'])];
    expect(g.code, g.stderr).toBe(0);
    expect(g.stderr).toMatch(/on 84 examples of 6 labels \(18 held out\) on webgpu/);
    const [a, ref] = [jsonLines(g.stdout), jsonLines(c.stdout)];
    expect(a).toHaveLength(6);
    a.forEach((l, i) => expect(Math.abs(l.loss - ref[i]!.loss) / ref[i]!.loss).toBeLessThanOrEqual(1e-4));
    const file = readModelFile(readFileSync(`${dir}/g.safetensors`));
    expect(file.mode).toBe('classify');
    expect(file.labels).toHaveLength(6);
  });
});
