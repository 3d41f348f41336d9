// Benchmark configurations of the design guide, and a deterministic synthetic text with exactly
// V distinct symbols so the vocabulary size is what the config says.
import type { CellKind, ModelConfig, TrainConfig } from '../model/config.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../model/config.ts';
import { createRng } from '../model/rng.ts';

export interface BenchConfig {
  name: string;
  V: number;
  H: number;
  L: number;
  B: number;
  T: number;
}

export const BENCH_CONFIGS: Record<string, BenchConfig> = {
  S: { name: 'S', V: 65, H: 128, L: 1, B: 32, T: 64 },
  M: { name: 'M', V: 100, H: 512, L: 2, B: 64, T: 128 },
  B1: { name: 'B1', V: 65, H: 128, L: 1, B: 1, T: 64 },
};

export function benchText(V: number, length: number, seed = 1): string {
  const rng = createRng(seed);
  const symbols = Array.from({ length: V }, (_, i) => String.fromCodePoint(0x21 + i));
  const chars = symbols.slice(); // every symbol at least once
  while (chars.length < length) chars.push(symbols[rng.int(V)]!);
  return chars.join('');
}

export function benchModel(c: BenchConfig, cell: CellKind): { model: ModelConfig; train: TrainConfig; text: string } {
  return {
    model: { ...DEFAULT_MODEL, cell, hiddenSize: c.H, numLayers: c.L },
    train: { ...DEFAULT_TRAIN, batchSize: c.B, seqLen: c.T },
    text: benchText(c.V, Math.max(4 * c.B * c.T + 1, 20_000)),
  };
}
