// The benchmark in Node: the CPU reference and the WebGPU engine through Dawn, for the configs and
// cells asked, one row each. Shared by `npm run bench` (which adds headless Chromium) and the CLI's
// `bench`. Config M runs on a software adapter (and on the CPU) only when `configsExplicit`.
import { mkdirSync } from 'node:fs';
import { CpuBackend } from '../backend/cpu.ts';
import { adapterLabel } from '../backend/webgpu/device.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { nodeGpu } from '../backend/webgpu/node-gpu.ts';
import type { CellKind } from '../model/config.ts';
import { BENCH_CONFIGS } from './configs.ts';
import { measure, type BenchRow } from './measure.ts';

export interface NodeBenchOptions {
  cpu: boolean;
  dawn: boolean;
  /** Dawn on the hardware Vulkan driver instead of SwiftShader. */
  hardware: boolean;
  configs: string[];
  configsExplicit: boolean;
  cells: CellKind[];
  /** Called before each row starts and after it ends (with the row). */
  onProgress: (label: string, row: BenchRow | null) => void;
}

export async function benchInNode(o: NodeBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const wanted = (software: boolean) => o.configs.filter((c) => c !== 'M' || o.configsExplicit || !software);
  if (o.cpu) {
    for (const name of wanted(true)) {
      for (const cell of o.cells) {
        o.onProgress(`cpu ${name} ${cell}`, null);
        const be = new CpuBackend();
        rows.push(await measure(be, BENCH_CONFIGS[name]!, cell, `node ${process.version}`));
        be.dispose();
        o.onProgress(`cpu ${name} ${cell}`, rows.at(-1)!);
      }
    }
  }
  if (o.dawn) {
    const gpu = await nodeGpu(!o.hardware);
    for (const name of wanted(gpu.info.software)) {
      for (const cell of o.cells) {
        o.onProgress(`dawn ${name} ${cell}`, null);
        const be = new WebGpuBackend(gpu);
        rows.push({ ...(await measure(be, BENCH_CONFIGS[name]!, cell, `dawn ${adapterLabel(gpu.info)}`, () => ({ ...be.lastStep, gpuBytes: be.gpuBytes }))), backend: 'dawn' });
        be.dispose();
        o.onProgress(`dawn ${name} ${cell}`, rows.at(-1)!);
      }
    }
  }
  return rows;
}

/** Where results go (bench/results/, made here) and what they hold: the date, Node's version, the
 *  rows. The caller writes them (src/cli/out-file.ts writeAtomic). */
export function benchResults(rows: BenchRow[], tag: string): { file: string; bytes: Uint8Array } {
  mkdirSync('bench/results', { recursive: true });
  const date = new Date().toISOString();
  const file = `bench/results/${date.replace(/[:.]/g, '-')}-${tag}.json`;
  return { file, bytes: new TextEncoder().encode(JSON.stringify({ date, node: process.version, rows }, null, 2) + '\n') };
}
