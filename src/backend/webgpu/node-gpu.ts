// WebGPU in Node through Dawn's binding (`webgpu` package), for the CLI, the benchmark and the GPU
// tests. On a machine without a GPU it uses the SwiftShader Vulkan driver from Debian's chromium.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireGpu, WebGpuUnavailableError, type GpuContext } from './device.ts';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let shared: Promise<GpuContext> | undefined;

/** Vulkan's window-system code prints "XDG_RUNTIME_DIR is invalid" to stderr on a headless machine
 *  without one; a private directory of our own keeps the CLI's output clean. */
function quietVulkanLoader(): void {
  if (process.env.XDG_RUNTIME_DIR || process.platform !== 'linux') return;
  const dir = join(tmpdir(), `rnn-playground-runtime-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

/**
 * The process-wide Dawn device (created once per process).
 * `software`: force SwiftShader even where a hardware Vulkan driver exists. Otherwise the first
 * adapter Vulkan offers is used, and SwiftShader only when there is none (each `create` call makes
 * a new Vulkan instance, which reads VK_ICD_FILENAMES afresh).
 */
export function nodeGpu(software = !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES): Promise<GpuContext> {
  shared ??= (async () => {
    quietVulkanLoader();
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const useSwiftShader = () => {
      if (!existsSync(SWIFTSHADER_ICD)) return false;
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      delete process.env.VK_DRIVER_FILES; // the Vulkan loader prefers it to VK_ICD_FILENAMES
      return true;
    };
    if (software && useSwiftShader()) return acquireGpu(create([]));
    try {
      return await acquireGpu(create([]));
    } catch (err) {
      const untried = !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES;
      if (err instanceof WebGpuUnavailableError && untried && useSwiftShader()) return acquireGpu(create([]));
      throw err;
    }
  })();
  return shared;
}
