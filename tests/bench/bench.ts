// `npm run bench [-- --backend cpu] [--configs S,B1] [--cells lstm,gru]`: trains synthetic text at
// the design guide's configs, prints a table and writes JSON to bench/results/.
// Backends available today: cpu (the Float32 reference in Node).
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../../src/backend/cpu.ts';
import type { CellKind } from '../../src/model/config.ts';
import { BENCH_CONFIGS } from './configs.ts';
import { formatTable, measure, type BenchRow } from './measure.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu' },
    configs: { type: 'string', default: 'S,B1' },
    cells: { type: 'string', default: 'rnn,lstm,gru' },
  },
});

const backends = values.backend === 'all' ? ['cpu'] : values.backend.split(',');
for (const b of backends) {
  if (b !== 'cpu') {
    console.error(`unknown or not yet available backend '${b}' (available: cpu)`);
    process.exit(2);
  }
}
const configs = values.configs.split(',').map((name) => {
  const c = BENCH_CONFIGS[name];
  if (!c) {
    console.error(`unknown config '${name}' (known: ${Object.keys(BENCH_CONFIGS).join(', ')})`);
    process.exit(2);
  }
  return c;
});
const cells = values.cells.split(',') as CellKind[];

const rows: BenchRow[] = [];
for (const config of configs) {
  for (const cell of cells) {
    const backend = new CpuBackend();
    rows.push(await measure(backend, config, cell));
    backend.dispose();
    process.stderr.write(`  ${config.name} ${cell}: ${Math.round(rows.at(-1)!.charsPerSec)} chars/s\n`);
  }
}
console.log(formatTable(rows));
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}-${backends.join('+')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
console.log(`wrote ${file}`);
