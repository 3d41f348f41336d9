// The PyTorch reference values in tests/fixtures/pytorch-*.json, written by
// scripts/pytorch_fixtures.py (its header says what each field is): their types, the parameter and
// initial-state formulas the script uses (the same numbers here), and the script's SHA-256 and a
// python3 that can import torch, for the checks that the fixtures are current.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import type { Nonlinearity } from '../../src/model/cells/registry.ts';
import type { ParamLayout } from '../../src/model/params.ts';

export const FIXTURE_SCRIPT = 'scripts/pytorch_fixtures.py';
const DIR = 'tests/fixtures';

/** Per layer, per direction (forward, reverse). */
type PerDir<X> = X[][];

export interface TraceFixture {
  loss: number;
  h: PerDir<number[]>; // (T, H) per layer and direction
  c?: PerDir<number[]>;
  dhNorm: PerDir<number[]>; // (T)
  dcNorm?: PerDir<number[]>;
  probs: number[]; // (T, V)
}

export interface RunFixture {
  optimizer: 'sgd' | 'adam' | 'rmsprop';
  learningRate: number;
  clipMode: 'none' | 'norm' | 'value';
  clipValue: number;
  losses: number[];
  /** p_2 - p_0 per tensor, after two steps. */
  change: Record<string, number[]>;
}

export interface PytorchFixture {
  file: string;
  generator_sha256: string;
  torch: string;
  model: { cell: 'rnn' | 'lstm' | 'gru'; nonlinearity: Nonlinearity; hiddenSize: number; numLayers: number; bidirectional: boolean; vocabSize: number };
  batch: { T: number; B: number; inputs: number[]; targets: number[]; h0: number[][]; loss: number; grad: Record<string, number[]> };
  runs: RunFixture[];
  trace: { ids: number[]; all: TraceFixture; last: TraceFixture };
}

export function loadPytorchFixtures(): PytorchFixture[] {
  return readdirSync(DIR)
    .filter((f) => /^pytorch-.*\.json$/.test(f))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Omit<PytorchFixture, 'file'>) }));
}

export function modelOf(f: PytorchFixture): ModelConfig {
  const { cell, nonlinearity, hiddenSize, numLayers, bidirectional } = f.model;
  return { ...DEFAULT_MODEL, cell, nonlinearity, hiddenSize, numLayers, bidirectional };
}

/** The script's PARAM: p[i] = 1.6 * (((389 i + 11) mod 1009) / 1009 - 0.5) over the flat layout. */
export function fixtureParams(layout: ParamLayout): Float64Array {
  return Float64Array.from({ length: layout.total }, (_, i) => 1.6 * (((389 * i + 11) % 1009) / 1009 - 0.5));
}

/** The script's STATE for layer l's forward direction, (B, H) row-major (h0, and c0 for the LSTM). */
export function fixtureState(l: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => 0.9 * (((97 * k + 31 * l + 5) % 101) / 101 - 0.5));
}

export function scriptSha256(): string {
  return createHash('sha256').update(readFileSync(FIXTURE_SCRIPT)).digest('hex');
}

/** A python3 that imports torch (the one on PATH, else Debian's), or null. */
export function pythonWithTorch(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Under CI=true and in `npm test` (scripts/test.mjs installs python3-torch and sets
 *  PYTORCH_REQUIRED=1) a test that needs torch fails without it; elsewhere it skips. */
const TORCH_REQUIRED = process.env.CI === 'true' || process.env.PYTORCH_REQUIRED === '1';

/** The python3 that imports torch; without one the test skips with the reason, or fails where
 *  torch is required (TORCH_REQUIRED). */
export function torchPython(ctx: { skip: (reason: string) => never }, without: string): string {
  const py = pythonWithTorch();
  if (py) return py;
  if (TORCH_REQUIRED) throw new Error(`no python3 here imports torch, and this run requires it (${process.env.CI === 'true' ? 'CI=true' : 'PYTORCH_REQUIRED=1'})`);
  return ctx.skip(`no python3 here imports torch (apt-get install python3-torch)${without}`);
}
