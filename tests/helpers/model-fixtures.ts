// Model configurations and random inputs shared by the reference and GPU tests.
import { CELL_KINDS, CELLS } from '../../src/model/cells/registry.ts';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import type { Rng } from '../../src/model/rng.ts';

export interface NamedModel {
  name: string;
  model: ModelConfig;
}

/** Every cell and variant the registry defines (names like rnn-relu, lstm, lstm-peephole, gru-original). */
export const CELL_VARIANTS: NamedModel[] = CELL_KINDS.flatMap((cell) => {
  const { field, choices } = CELLS[cell].variant;
  return choices.map((v) => ({
    name: typeof v === 'boolean' ? (v ? `${cell}-${field}` : cell) : `${cell}-${v}`,
    model: { ...DEFAULT_MODEL, cell, [field]: v },
  }));
});

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
