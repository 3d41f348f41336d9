import { describe, expect, it } from 'vitest';
import { saxpyGpu, saxpyReference } from '../../src/backend/webgpu/selftest.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

describe('Dawn adapter in Node', () => {
  it('is a real WebGPU adapter (SwiftShader here)', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const { info, device } = gpu;
    expect(info.vendor.length).toBeGreaterThan(0);
    expect(info.architecture.length).toBeGreaterThan(0);
    expect(device.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
  });

  it('runs saxpy on fresh random data and every element matches the CPU twin', async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const { device } = gpu;
    const n = 4 * 1031; // not a multiple of the workgroup size: the bounds check matters
    const x = new Float32Array(n).map(() => Math.random() * 2 - 1);
    const y = new Float32Array(n).map(() => Math.random() * 2 - 1);
    const a = Math.random() * 4 - 2;
    const got = await saxpyGpu(device, a, x, y);
    const want = saxpyReference(a, x, y);
    expect(got.length).toBe(n);
    for (let i = 0; i < n; i++) {
      if (Math.abs(got[i]! - want[i]!) > 1e-6) expect.fail(`element ${i}: gpu ${got[i]} vs cpu ${want[i]}`);
    }
    // The input y was not 0: every element moved, so an unwritten output cannot pass.
    expect(got.some((v, i) => v !== y[i])).toBe(true);
  });
});
