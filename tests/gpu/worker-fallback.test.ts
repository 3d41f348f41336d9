// The training worker, run in Node on a real Dawn adapter: it reports the adapter that passed its
// self-test, starts training when an 'init' asks it to, and when its device is lost and no new one
// can be had, every run goes on on the CPU from its last good parameters, with the reason posted.
// (Its own file: it destroys a device and sets a global `self`.)
import { expect, it } from 'vitest';
import type { FromWorker } from '../../src/engine/protocol.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { startWorker } from '../helpers/node-worker.ts';

it('falls back to the CPU when the GPU device is lost for good, keeping what the run learned', async (ctx) => {
  const shared = await gpuOrSkip(ctx.skip);
  if (!shared) return;
  // navigator.gpu for the worker: the real Dawn entry point, which can be told to find no adapter
  let refuse = false;
  const devices: GPUDevice[] = [];
  const gpu = {
    async requestAdapter(options?: GPURequestAdapterOptions) {
      if (refuse) return null;
      const adapter = (await shared.gpu.requestAdapter(options))!;
      return new Proxy(adapter, {
        get(target, key) {
          if (key === 'requestDevice') {
            return async (d?: GPUDeviceDescriptor) => {
              const device = await target.requestDevice(d);
              devices.push(device);
              return device;
            };
          }
          const v: unknown = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
  };
  const { got, send } = await startWorker(gpu);
  const waitFor = async <T extends FromWorker['type']>(type: T, ok: (m: Extract<FromWorker, { type: T }>) => boolean = () => true) => {
    for (let i = 0; i < 1200; i++) {
      const m = got.find((x): x is Extract<FromWorker, { type: T }> => x.type === type && ok(x as Extract<FromWorker, { type: T }>));
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no '${type}' message; got ${got.map((x) => (x.type === 'error' ? x.message : x.type)).join(', ')}`);
  };
  const steps = () => got.flatMap((m) => (m.type === 'metrics' ? m.runs[0]!.points : []));

  const text = 'gone for good, gone for good. '.repeat(10);
  const train = { ...DEFAULT_TRAIN, batchSize: 4, seqLen: 16, learningRate: 0.01 };
  const { report } = await waitFor('gpu');
  expect(report).toMatchObject({ kind: 'webgpu', elementsChecked: 4096 });
  expect(devices).toHaveLength(1); // one device: the self-test ran on the one the runs train on
  // the init says what follows once the runs are ready: here training, without a 'start'
  send({ type: 'init', runs: [{ id: 'lstm', model: { ...DEFAULT_MODEL, hiddenSize: 16 } }], train, text, mode: 'lm', memory: memoryDefaults('recall'), then: 'start' });
  expect((await waitFor('ready')).runs[0]!.backend).toBe('webgpu');
  await waitFor('metrics', (m) => m.runs[0]!.points.some((p) => p.step >= 60));
  send({ type: 'pause' });
  await waitFor('running', (m) => !m.running);
  const onGpu = steps();
  const firstLoss = onGpu[0]!.loss;
  const lastGpuStep = onGpu.at(-1)!.step;

  refuse = true;
  for (const d of devices) d.destroy();
  await devices[0]!.lost;
  got.length = 0;
  send({ type: 'start' });
  const moved = await waitFor('backend');
  expect(moved.fallbackReason).toMatch(/GPU device was lost and could not be re-created/);
  expect(moved.runs[0]).toMatchObject({ id: 'lstm', backend: 'cpu' });
  const restored = moved.restoredSteps.lstm!;
  expect(restored).toBeGreaterThanOrEqual(25);
  expect(restored).toBeLessThanOrEqual(lastGpuStep);
  await waitFor('metrics', (m) => m.runs[0]!.points.some((p) => p.step >= restored + 20));
  send({ type: 'pause' });
  await waitFor('running', (m) => !m.running);
  const onCpu = steps();
  expect(onCpu[0]!.step).toBe(restored + 1); // the step count goes on from the restored parameters
  expect(onCpu.every((p) => Number.isFinite(p.loss))).toBe(true);
  expect(onCpu[0]!.loss).toBeLessThan(firstLoss * 0.8); // what it learned on the GPU was kept

  got.length = 0; // a new session stays on the CPU and says why
  send({ type: 'init', runs: [{ id: 'gru', model: { ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 8 } }], train, text, mode: 'lm', memory: memoryDefaults('recall'), then: null });
  const ready = await waitFor('ready');
  expect(ready.runs[0]!.backend).toBe('cpu');
  expect(ready.fallbackReason).toMatch(/could not be re-created/);
});
