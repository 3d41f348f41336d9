// `npm run bench [-- --backend cpu,webgpu,dawn] [--configs S,M,B1] [--cells rnn,lstm,gru] [--hardware]`
// Trains synthetic text at the design guide's configs, prints a table, writes JSON to bench/results/.
//   cpu     the Float32 reference in Node
//   webgpu  the WebGPU engine in headless Debian Chromium, on whatever adapter it finds
//   dawn    the WebGPU engine in Node through Dawn (SwiftShader, or the real GPU with --hardware)
// Config M is skipped on a software adapter unless --configs names it. The CPU and Dawn rows come
// from src/bench/run-node.ts, the same code as `rnn-playground bench`.
import { parseArgs } from 'node:util';
import { CELL_KINDS, isCellKind } from '../../src/model/cells/registry.ts';
import { BENCH_CONFIGS } from '../../src/bench/configs.ts';
import { formatTable, type BenchRow } from '../../src/bench/measure.ts';
import { benchInNode, benchResults } from '../../src/bench/run-node.ts';
import { writeAtomic } from '../../src/cli/out-file.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu,webgpu' },
    configs: { type: 'string' },
    cells: { type: 'string', default: CELL_KINDS.join(',') },
    hardware: { type: 'boolean', default: false },
  },
});

const usage = (msg: string): never => {
  console.error(`bench: ${msg}`);
  process.exit(2);
};
const backends = values.backend === 'all' ? ['cpu', 'webgpu', 'dawn'] : values.backend.split(',');
for (const b of backends) if (!['cpu', 'webgpu', 'dawn'].includes(b)) usage(`unknown backend '${b}' (cpu, webgpu, dawn, all)`);
const configNames = (values.configs ?? 'S,B1').split(',');
for (const c of configNames) if (!BENCH_CONFIGS[c]) usage(`unknown config '${c}' (${Object.keys(BENCH_CONFIGS).join(', ')})`);
const cells = values.cells.split(',').filter(isCellKind);
for (const c of values.cells.split(',')) if (!isCellKind(c)) usage(`unknown cell '${c}' (${CELL_KINDS.join(', ')})`);
const progress = (row: BenchRow) => process.stderr.write(`  ${row.backend} ${row.config} ${row.cell}: ${Math.round(row.charsPerSec)} chars/s\n`);

const rows = await benchInNode({
  cpu: backends.includes('cpu'),
  dawn: backends.includes('dawn'),
  hardware: values.hardware,
  configs: configNames,
  configsExplicit: values.configs !== undefined,
  cells,
  onProgress: (_label, row) => row && progress(row),
});

if (backends.includes('webgpu')) {
  // imported only here: loading vite or playwright-core slows the CPU reference in the same
  // process by about 25% (measured), so the CPU rows above are taken before they load
  const { createServer } = await import('vite');
  const { launchChromium } = await import('../helpers/browser.ts');
  const server = await createServer({ logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const base = server.resolvedUrls!.local[0]!;
    // a software adapter skips M unless asked: the page reports the adapter first
    const query = new URLSearchParams({ configs: configNames.join(','), cells: cells.join(',') });
    await page.goto(`${base}tests/bench/bench.html?${query}`);
    let reported = 0;
    for (;;) {
      const state = await page.evaluate(() => window.__bench);
      for (const row of state?.rows.slice(reported) ?? []) progress(row);
      reported = state?.rows.length ?? reported;
      if (state?.done) {
        if (state.error) throw new Error(`the benchmark page failed: ${state.error}`);
        rows.push(...state.rows);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

console.log(formatTable(rows));
const { file, bytes } = benchResults(rows, backends.join('+'));
await writeAtomic(file, bytes);
console.log(`wrote ${file}`);
