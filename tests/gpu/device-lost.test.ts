// Device loss: the backend re-creates its device and restores the last parameter snapshot, and
// training goes on. (Its own file: it destroys a device, which no other test may share.)
import { expect, it } from 'vitest';
import { acquireGpu } from '../../src/backend/webgpu/device.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

it('recovers from a lost device with the last snapshot and keeps training', async (ctx) => {
  const shared = await gpuOrSkip(ctx.skip);
  if (!shared) return;
  const own = await acquireGpu(shared.gpu); // a device of its own to lose
  const be = new WebGpuBackend(own, 4, 10); // snapshot every 10 steps
  const text = 'lost and found, lost and found. '.repeat(8);
  await be.init({ model: { ...DEFAULT_MODEL, hiddenSize: 16 }, train: { ...DEFAULT_TRAIN, batchSize: 4, seqLen: 16, learningRate: 0.01 }, text });
  let atTwenty: Float32Array = new Float32Array();
  for (let i = 1; i <= 25; i++) {
    await be.trainStep();
    // snapshots are never waited for; letting the GPU finish here makes the test deterministic
    if (i % 10 === 0) await be.flush();
    if (i === 20) atTwenty = await be.getParams();
  }
  const before = await be.flush();
  own.device.destroy();
  await own.device.lost;
  expect(await be.getParams()).toEqual(atTwenty); // recovered: the snapshot of step 20, exactly
  expect(be.recoveries).toEqual([{ reason: expect.stringMatching(/destroy/i), restoredStep: 20 }]);
  expect(be.gpu.device).not.toBe(own.device);
  expect((await be.trainStep()).step).toBe(21);
  for (let i = 0; i < 20; i++) await be.trainStep();
  const later = await be.flush();
  expect(later.finite).toBe(true);
  expect(later.loss).toBeLessThan(before.loss * 1.5); // kept learning from the snapshot, not from scratch
  be.dispose();
  be.gpu.device.destroy();
});
