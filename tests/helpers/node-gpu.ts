// Real WebGPU for Node tests: Dawn's binding on the SwiftShader Vulkan driver that Debian's
// chromium package ships. Under CI=true a missing adapter fails the test; elsewhere it skips.
import { existsSync } from 'node:fs';
import { acquireGpu, type GpuContext } from '../../src/backend/webgpu/device.ts';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let shared: Promise<GpuContext> | undefined;

/** The process-wide Dawn device (created once; Dawn keeps one Vulkan instance per process). */
export function nodeGpu(): Promise<GpuContext> {
  shared ??= (async () => {
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    return acquireGpu(create([]));
  })();
  return shared;
}

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
