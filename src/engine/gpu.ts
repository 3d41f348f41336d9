// The worker's one GPU device, acquired when the worker starts and proved by the adapter self-test
// (shaders/saxpy.wgsl on random data, every element checked against its CPU twin): the runs train
// on it, and the page's status line shows the report (the adapter, or why the CPU reference runs).
import { acquireGpu, adapterLabel, WebGpuUnavailableError, type GpuContext } from '../backend/webgpu/device.ts';
import { runSelfTest } from '../backend/webgpu/selftest.ts';
import type { GpuReport } from './protocol.ts';

const failed = (err: unknown) => `WebGPU failed: ${(err as Error).message}`;

/** The device (null: none, or one that failed its self-test) and what the page is told. */
export async function openGpu(entry: GPU | undefined): Promise<{ ctx: GpuContext | null; report: GpuReport }> {
  let ctx: GpuContext;
  try {
    ctx = await acquireGpu(entry);
  } catch (err) {
    return { ctx: null, report: { kind: 'cpu', reason: err instanceof WebGpuUnavailableError ? err.reason : failed(err) } };
  }
  try {
    const test = await runSelfTest(ctx.device);
    if (test.ok) return { ctx, report: { kind: 'webgpu', adapter: adapterLabel(ctx.info), software: ctx.info.software, elementsChecked: test.elements } };
    ctx.device.destroy();
    return { ctx: null, report: { kind: 'cpu', reason: `the adapter failed its self-test (max error ${test.maxAbsError})` } };
  } catch (err) {
    ctx.device.destroy();
    return { ctx: null, report: { kind: 'cpu', reason: failed(err) } };
  }
}
