// Real WebGPU for Node tests (Dawn on SwiftShader). Under CI=true a missing adapter fails the
// test; elsewhere it is skipped with the reason.
import type { GpuContext } from '../../src/backend/webgpu/device.ts';
import { nodeGpu } from '../../src/backend/webgpu/node-gpu.ts';

export { nodeGpu };

/** Resolves to the device, or to undefined (test skipped) when none can be had outside CI. */
export async function gpuOrSkip(skip: (note: string) => void): Promise<GpuContext | undefined> {
  try {
    return await nodeGpu();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    skip(`no WebGPU adapter: ${(err as Error).message}`);
    return undefined;
  }
}
