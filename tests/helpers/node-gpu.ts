// Real WebGPU for Node tests (Dawn on SwiftShader). A test that cannot get an adapter fails where one
// must be had (GPU_REQUIRED); elsewhere it is skipped with the reason, which `npm test` prints.
import { existsSync } from 'node:fs';
import type { GpuContext } from '../../src/backend/webgpu/device.ts';
import { nodeGpu, SWIFTSHADER_ICD } from '../../src/backend/webgpu/node-gpu.ts';

export { nodeGpu };

/** An adapter must be had: in CI, and on any machine with Debian's chromium, whose SwiftShader
 *  Vulkan driver gives Dawn one (`npm test` installs it), so a broken Dawn fails, never skips. */
export const GPU_REQUIRED = process.env.CI === 'true' || existsSync(SWIFTSHADER_ICD);

/** Resolves to the device, or to undefined (test skipped, with the reason) when none can be had
 *  where none is required. */
export async function gpuOrSkip(skip: (note: string) => void): Promise<GpuContext | undefined> {
  try {
    return await nodeGpu();
  } catch (err) {
    if (GPU_REQUIRED) throw new Error(`no WebGPU adapter, and this machine must have one (${process.env.CI === 'true' ? 'CI=true' : `${SWIFTSHADER_ICD} is installed`}): ${(err as Error).message}`, { cause: err });
    skip(`no WebGPU adapter: ${(err as Error).message}`);
    return undefined;
  }
}
