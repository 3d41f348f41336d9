// Model configurations and random inputs shared by the reference and GPU tests.
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import type { Rng } from '../../src/model/rng.ts';

export interface NamedModel {
  name: string;
  model: ModelConfig;
}

/** Every cell and variant of the reference. */
export const CELL_VARIANTS: NamedModel[] = [
  { name: 'rnn-tanh', model: { ...DEFAULT_MODEL, cell: 'rnn', nonlinearity: 'tanh' } },
  { name: 'rnn-relu', model: { ...DEFAULT_MODEL, cell: 'rnn', nonlinearity: 'relu' } },
  { name: 'lstm', model: { ...DEFAULT_MODEL, cell: 'lstm' } },
  { name: 'lstm-peephole', model: { ...DEFAULT_MODEL, cell: 'lstm', peephole: true } },
  { name: 'gru-pytorch', model: { ...DEFAULT_MODEL, cell: 'gru', gruVariant: 'pytorch' } },
  { name: 'gru-original', model: { ...DEFAULT_MODEL, cell: 'gru', gruVariant: 'original' } },
];

/** Every variant crossed with layers and directions. */
export function variantGrid(layers: number[], bidirectional: boolean[]): NamedModel[] {
  const out: NamedModel[] = [];
  for (const v of CELL_VARIANTS) {
    for (const numLayers of layers) {
      for (const bi of bidirectional) {
        out.push({ name: `${v.name} L=${numLayers}${bi ? ' bidir' : ''}`, model: { ...v.model, numLayers, bidirectional: bi } });
      }
    }
  }
  return out;
}

export function randomIds(rng: Rng, n: number, V: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(V));
}
