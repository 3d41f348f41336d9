// `rnn-playground bench`: the benchmark table of the design guide in Node (CPU reference and the
// WebGPU engine through Dawn), with a progress bar; writes JSON to bench/results/ (atomically).
import { CELL_KINDS } from '../model/cells/registry.ts';
import { BENCH_CONFIGS } from '../bench/configs.ts';
import { formatTable } from '../bench/measure.ts';
import { benchInNode, benchResults } from '../bench/run-node.ts';
import { parse, UsageError } from './args.ts';
import { writeAtomic } from './out-file.ts';
import { Progress } from './progress.ts';

export const BENCH_HELP = `Usage: rnn-playground bench [options]

Measures training characters per second, ms per step and GPU dispatches/submits/readbacks per step.
  --backend LIST     cpu, webgpu (Dawn) or both (default cpu,webgpu)
  --configs LIST     S, M, B1 (default S,B1; M runs on a software adapter only when named)
  --cells LIST       ${CELL_KINDS.join(', ')} (default all)
  --software         WebGPU on SwiftShader even where a GPU driver exists
`;

function list<T extends string>(s: string, allowed: readonly T[], flag: string): T[] {
  const items = s.split(',').map((x) => x.trim());
  for (const x of items) if (!(allowed as readonly string[]).includes(x)) throw new UsageError(`--${flag}: unknown '${x}' (${allowed.join(', ')})`);
  return items as T[];
}

export async function bench(argv: string[], out: (line: string) => void, note: (line: string) => void): Promise<number> {
  const { values: v } = parse(argv, { backend: { type: 'string' }, configs: { type: 'string' }, cells: { type: 'string' }, software: { type: 'boolean' } });
  if (v.help) {
    out(BENCH_HELP);
    return 0;
  }
  const backends = list(v.backend ?? 'cpu,webgpu', ['cpu', 'webgpu'], 'backend');
  const configs = list(v.configs ?? 'S,B1', Object.keys(BENCH_CONFIGS), 'configs');
  const cells = list(v.cells ?? CELL_KINDS.join(','), CELL_KINDS, 'cells');
  const total = backends.length * configs.length * cells.length;
  const progress = new Progress(total);
  let done = 0;
  const rows = await benchInNode({
    cpu: backends.includes('cpu'),
    dawn: backends.includes('webgpu'),
    hardware: !v.software,
    configs,
    configsExplicit: v.configs !== undefined,
    cells,
    onProgress: (label, row) => {
      if (row) done++;
      progress.update(done, row ? `${label}: ${Math.round(row.charsPerSec)} chars/s` : `${label}…`);
    },
  });
  progress.done();
  out(formatTable(rows));
  const { file, bytes } = benchResults(rows, `cli-${backends.join('+')}`);
  await writeAtomic(file, bytes);
  note(`wrote ${file}`);
  return 0;
}
