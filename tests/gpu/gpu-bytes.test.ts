// The GPU memory the benchmark reports (WebGpuBackend.gpuBytes): every buffer the backend holds,
// the parameter-sized ones (parameters, their snapshot, gradient, two optimizer moments) and a
// network whose buffers grow linearly with the window length T.
import { describe, expect, it } from 'vitest';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { buildLayout } from '../../src/model/params.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { TEXT, TRAIN } from './step-equality.ts';

describe('GPU memory held by a backend', () => {
  it('counts the parameter-sized buffers and grows linearly with the window', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const model = { ...variantGrid([2], [true]).find((v) => v.model.cell === 'lstm')!.model, hiddenSize: 20 };
    const P = buildLayout(model, buildVocab(TEXT).size, 0).total;
    const bytes = [];
    for (const seqLen of [4, 8, 16]) {
      const be = new WebGpuBackend(gpu);
      await be.init({ model, train: { ...TRAIN, seqLen }, text: TEXT });
      bytes.push(be.gpuBytes);
      be.dispose();
      expect(be.gpuBytes).toBe(0);
    }
    expect(bytes[0]).toBeGreaterThan(5 * 4 * P);
    // per-position buffers only: T 8 -> 16 adds twice what 4 -> 8 adds
    expect(bytes[2]! - bytes[1]!).toBe(2 * (bytes[1]! - bytes[0]!));
    expect(bytes[1]! - bytes[0]!).toBeGreaterThan(0);
  });
});
