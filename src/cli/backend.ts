// Picks the CLI's backend: WebGPU through Dawn (the hardware GPU, else SwiftShader) unless
// `--backend cpu`; without --backend, a machine with no adapter falls back to the CPU with a note.
import { CpuBackend } from '../backend/cpu.ts';
import type { Backend } from '../backend/types.ts';
import { adapterLabel } from '../backend/webgpu/device.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { nodeGpu } from '../backend/webgpu/node-gpu.ts';
import { CliFailure } from './args.ts';

export const BACKENDS = ['webgpu', 'cpu'] as const;
export type CliBackend = (typeof BACKENDS)[number];

export async function openBackend(asked: CliBackend | undefined, note: (line: string) => void): Promise<{ backend: Backend; label: string }> {
  const { make, label } = await backendMaker(asked, note);
  return { backend: make(), label };
}

/** Makes backends of one kind, on one device (the sweep builds one per point). */
export async function backendMaker(asked: CliBackend | undefined, note: (line: string) => void): Promise<{ make: () => Backend; label: string }> {
  if (asked === 'cpu') return { make: () => new CpuBackend(), label: 'cpu (JavaScript)' };
  try {
    const gpu = await nodeGpu(false);
    const soft = gpu.info.software ? ', a software adapter: --backend cpu may be faster here' : '';
    return { make: () => new WebGpuBackend(gpu), label: `webgpu (${adapterLabel(gpu.info)}${soft})` };
  } catch (err) {
    if (asked === 'webgpu') throw new CliFailure(`WebGPU is not available (${(err as Error).message}); train on the CPU with --backend cpu`);
    note(`WebGPU is not available (${(err as Error).message}); training on the CPU.`);
    return { make: () => new CpuBackend(), label: 'cpu (JavaScript)' };
  }
}
