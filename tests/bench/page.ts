// The benchmark page: runs the WebGPU backend in the browser for the configs and cells in the URL
// (?configs=S,B1&cells=lstm) and publishes the rows on window.__bench for scripts to collect.
import { adapterLabel, acquireGpu } from '../../src/backend/webgpu/device.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import type { CellKind } from '../../src/model/config.ts';
import { BENCH_CONFIGS } from '../../src/bench/configs.ts';
import { measure, type BenchRow } from '../../src/bench/measure.ts';

declare global {
  interface Window {
    __bench?: { rows: BenchRow[]; done: boolean; error?: string };
  }
}

const log = document.getElementById('log')!;
const params = new URLSearchParams(location.search);
const state: NonNullable<Window['__bench']> = { rows: [], done: false };
window.__bench = state;

try {
  const gpu = await acquireGpu(navigator.gpu);
  const label = adapterLabel(gpu.info);
  log.textContent = `adapter ${label}\n`;
  for (const name of (params.get('configs') ?? 'S').split(',')) {
    const config = BENCH_CONFIGS[name];
    if (!config) throw new Error(`unknown config ${name}`);
    for (const cell of (params.get('cells') ?? 'rnn,lstm,gru').split(',') as CellKind[]) {
      const backend = new WebGpuBackend(gpu);
      const row = await measure(backend, config, cell, label, () => ({ ...backend.lastStep, gpuBytes: backend.gpuBytes }));
      backend.dispose();
      state.rows.push(row);
      log.textContent += `${name} ${cell}: ${Math.round(row.charsPerSec)} chars/s\n`;
    }
  }
} catch (err) {
  state.error = (err as Error).message;
  log.textContent += `error: ${state.error}\n`;
}
state.done = true;
