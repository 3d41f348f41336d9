// Device loss: the backend re-creates its device and restores the last parameter snapshot, and
// training goes on. (Its own file: it destroys a device, which no other test may share.)
import { expect, it } from 'vitest';
import { acquireGpu } from '../../src/backend/webgpu/device.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { Trainer } from '../../src/model/train.ts';
import { worstTensor } from '../helpers/compare.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

// SGD holds no optimizer state; Adam's moments restart from zero with the rebuilt device, and so
// does its bias correction's step count (the reference: a fresh Trainer from the snapshot)
for (const [optimizer, learningRate] of [['sgd', 0.5], ['adam', 0.01]] as const) {
it(`recovers from a lost device with the last snapshot and keeps training (${optimizer})`, async (ctx) => {
  const shared = await gpuOrSkip(ctx.skip);
  if (!shared) return;
  const own = await acquireGpu(shared.gpu); // a device of its own to lose
  const be = new WebGpuBackend(own, 4, 10); // snapshot every 10 steps
  const text = 'lost and found, lost and found. '.repeat(8);
  const model = { ...DEFAULT_MODEL, hiddenSize: 16 };
  const train = { ...DEFAULT_TRAIN, batchSize: 4, seqLen: 16, learningRate, optimizer };
  await be.init({ model, train, text });
  let atTwenty: Float32Array = new Float32Array();
  for (let i = 1; i <= 25; i++) {
    await be.trainStep();
    // snapshots are never waited for; letting the GPU finish here makes the test deterministic
    if (i % 10 === 0) await be.flush();
    if (i === 20) atTwenty = await be.getParams();
  }
  await be.flush();
  own.device.destroy();
  await own.device.lost;
  expect(await be.getParams()).toEqual(atTwenty); // recovered: the snapshot of step 20, exactly
  expect(be.recoveries).toEqual([{ reason: expect.stringMatching(/destroy/i), restoredStep: 20 }]);
  expect(be.gpu.device).not.toBe(own.device);
  expect((await be.trainStep()).step).toBe(21);
  for (let i = 0; i < 20; i++) await be.trainStep();
  const later = await be.flush();
  expect(later.lossStep).toBe(41);
  // kept learning from the snapshot, at its place in the text: the CPU reference from step 20's
  // parameters (zero state) over windows 26-46 gives the same losses
  const cpu = new Trainer({ model, train, text, params: atTwenty });
  for (let i = 0; i < 25; i++) cpu.batcher.next();
  let want = 0;
  for (let i = 0; i < 21; i++) want = cpu.step().loss;
  expect(Math.abs(later.loss - want) / want, `loss ${later.loss} vs ${want}`).toBeLessThanOrEqual(1e-3);
  const [name, err] = worstTensor(be.layout, await be.getParams(), cpu.params);
  expect(err, name).toBeLessThanOrEqual(1e-3);
  be.dispose();
  be.gpu.device.destroy();
});
}
