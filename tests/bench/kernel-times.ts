// Where a training step's time goes, kernel by kernel, on Dawn in Node: each dispatch of a step
// submitted and waited for on its own (src/backend/webgpu/step-profiler.ts), summed by kernel, at config S
// (or the configs named). The sum is larger than a real step (a wait per dispatch); the shares
// are what bench/NOTES.md plans from.
// Run: npx tsx --import ./scripts/raw-loader.mjs tests/bench/kernel-times.ts [S,B1] [lstm,rnn,gru]
//      (SwiftShader unless VK_ICD_FILENAMES points at a real driver)
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { adapterLabel } from '../../src/backend/webgpu/device.ts';
import { nodeGpu } from '../../src/backend/webgpu/node-gpu.ts';
import { profileStep } from '../../src/backend/webgpu/step-profiler.ts';
import { BENCH_CONFIGS, benchModel } from '../../src/bench/configs.ts';
import type { CellKind } from '../../src/model/config.ts';

const STEPS = 2;
const configs = (process.argv[2] ?? 'S').split(',');
const cells = (process.argv[3] ?? 'lstm,rnn,gru').split(',') as CellKind[];
const gpu = await nodeGpu();
console.log(`adapter: ${adapterLabel(gpu.info)}`);
for (const name of configs) {
  const config = BENCH_CONFIGS[name];
  if (!config) throw new Error(`unknown config ${name} (${Object.keys(BENCH_CONFIGS).join(', ')})`);
  for (const cell of cells) {
    const be = new WebGpuBackend(gpu);
    await be.init(benchModel(config, cell));
    await be.trainStep(); // pipelines built, caches warm
    await be.flush();
    const total = new Map<string, number>();
    for (let i = 0; i < STEPS; i++) for (const [k, ms] of await profileStep(be)) total.set(k, (total.get(k) ?? 0) + ms / STEPS);
    const sum = [...total.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${name} ${cell}: ${sum.toFixed(0)} ms per step, one dispatch at a time`);
    for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(24)} ${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / sum).toFixed(1).padStart(5)}%`);
    be.dispose();
  }
}
