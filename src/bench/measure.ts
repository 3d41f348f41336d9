// Times training steps of any Backend. A round is `stepsPerRound` steps then flush(), so work the
// GPU pipelines behind trainStep() is inside the timing; the figure is the median over rounds of
// round time / steps. chars/s = B*T / (ms per step). Runs in Node and in the browser.
import type { Backend } from '../backend/types.ts';
import type { CellKind } from '../model/config.ts';
import { benchModel, type BenchConfig } from './configs.ts';

export interface BenchRow {
  backend: string;
  adapter: string;
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
  /** Bytes of the GPU buffers the backend holds while training; null on the CPU. */
  gpuBytes: number | null;
}

export interface StepCounts {
  dispatches: number;
  submits: number;
  readbacks: number;
  gpuBytes?: number;
}

export interface MeasureOptions {
  warmup: number;
  rounds: number;
  stepsPerRound: number;
  /** Stop adding rounds after this long (at least 2 rounds run). */
  maxMs: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { warmup: 1, rounds: 5, stepsPerRound: 4, maxMs: 20_000 };

export async function measure(
  backend: Backend,
  config: BenchConfig,
  cell: CellKind,
  adapter: string,
  counts: () => StepCounts | null = () => null,
  opts: MeasureOptions = DEFAULT_MEASURE,
): Promise<BenchRow> {
  await backend.init(benchModel(config, cell));
  for (let i = 0; i < opts.warmup; i++) await backend.trainStep();
  await backend.flush();
  const perStep: number[] = [];
  const start = performance.now();
  while (perStep.length < opts.rounds && (perStep.length < 2 || performance.now() - start < opts.maxMs)) {
    const t0 = performance.now();
    for (let i = 0; i < opts.stepsPerRound; i++) await backend.trainStep();
    await backend.flush();
    perStep.push((performance.now() - t0) / opts.stepsPerRound);
  }
  perStep.sort((a, b) => a - b);
  const ms = perStep[Math.floor(perStep.length / 2)]!;
  const c = counts();
  const { V, H, L, B, T } = config;
  return {
    backend: backend.kind, adapter, config: config.name, cell, V, H, L, B, T,
    msPerStep: ms,
    charsPerSec: (B * T * 1000) / ms,
    steps: perStep.length * opts.stepsPerRound,
    dispatches: c?.dispatches ?? null,
    submits: c?.submits ?? null,
    readbacks: c?.readbacks ?? null,
    gpuBytes: c?.gpuBytes ?? null,
  };
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['backend', 'adapter', 'config', 'cell', 'V', 'H', 'L', 'B', 'T', 'ms/step', 'chars/s', 'steps', 'dispatches', 'submits', 'readbacks', 'GPU MB'];
  const body = rows.map((r) => [
    r.backend, r.adapter, r.config, r.cell, r.V, r.H, r.L, r.B, r.T,
    r.msPerStep.toFixed(1), Math.round(r.charsPerSec).toLocaleString('en-US'), r.steps,
    r.dispatches ?? '-', r.submits ?? '-', r.readbacks ?? '-',
    r.gpuBytes === null ? '-' : (r.gpuBytes / 2 ** 20).toFixed(1),
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
