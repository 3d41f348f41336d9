// WebGPU in Node through Dawn's binding (`webgpu` package), for the CLI, the benchmark and the GPU
// tests. On a machine without a GPU it uses the SwiftShader Vulkan driver from Debian's chromium.
import { existsSync } from 'node:fs';
import { acquireGpu, type GpuContext } from './device.ts';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let shared: Promise<GpuContext> | undefined;

/**
 * The process-wide Dawn device (created once; Dawn keeps one Vulkan instance per process).
 * `software`: force SwiftShader even where a hardware Vulkan driver exists.
 */
export function nodeGpu(software = !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES): Promise<GpuContext> {
  shared ??= (async () => {
    if (software && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    return acquireGpu(create([]));
  })();
  return shared;
}
