// Times training steps of any Backend: warm-up, then steps until both a minimum count and a minimum
// time are reached; reports the median step time and characters per second (B*T / median).
import type { Backend } from '../../src/backend/types.ts';
import type { CellKind } from '../../src/model/config.ts';
import { benchModel, type BenchConfig } from './configs.ts';

export interface BenchRow {
  backend: string;
  config: string;
  cell: CellKind;
  V: number;
  H: number;
  L: number;
  B: number;
  T: number;
  msPerStep: number;
  charsPerSec: number;
  steps: number;
  /** Per training step; null where the backend does not dispatch (CPU). */
  dispatches: number | null;
  submits: number | null;
  readbacks: number | null;
}

export async function measure(backend: Backend, config: BenchConfig, cell: CellKind, opts = { warmup: 2, minSteps: 5, minMs: 2000 }): Promise<BenchRow> {
  await backend.init(benchModel(config, cell));
  for (let i = 0; i < opts.warmup; i++) await backend.trainStep();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < opts.minSteps || performance.now() - start < opts.minMs) {
    const t0 = performance.now();
    await backend.trainStep();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const { V, H, L, B, T } = config;
  return {
    backend: backend.kind,
    config: config.name,
    cell,
    V, H, L, B, T,
    msPerStep: median,
    charsPerSec: (B * T * 1000) / median,
    steps: times.length,
    dispatches: null,
    submits: null,
    readbacks: null,
  };
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['backend', 'config', 'cell', 'V', 'H', 'L', 'B', 'T', 'ms/step', 'chars/s', 'steps', 'dispatches', 'submits', 'readbacks'];
  const body = rows.map((r) => [
    r.backend, r.config, r.cell, r.V, r.H, r.L, r.B, r.T,
    r.msPerStep.toFixed(1), Math.round(r.charsPerSec).toLocaleString('en-US'), r.steps,
    r.dispatches ?? '-', r.submits ?? '-', r.readbacks ?? '-',
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
