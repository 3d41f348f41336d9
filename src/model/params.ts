// One flat parameter buffer with named views in PyTorch naming, for a module
// {rnn: nn.RNN|LSTM|GRU(V, H, L, bidirectional), decoder: nn.Linear(H*dirs, V)} on one-hot input.
// Per layer k and direction (suffix '' or '_reverse'), in PyTorch's state_dict order:
//   rnn.weight_ih_l{k}  (G*H, in)   in = V for k = 0, H*dirs above; rows in gate order
//   rnn.weight_hh_l{k}  (G*H, H)
//   rnn.bias_ih_l{k}    (G*H)
//   rnn.bias_hh_l{k}    (G*H)
//   rnn.weight_peep_l{k} (3, H)     LSTM peepholes only: rows i, f, o (not part of torch.nn.LSTM)
// then the output layer: decoder.weight (V, H*dirs) and decoder.bias (V) for the next character,
// or, for classification into K labels, classifier.weight (K, H*dirs) and classifier.bias (K).
// G = 1 (RNN), 4 (LSTM i,f,g,o), 3 (GRU r,z,n).
import { cellSpec } from './cells/registry.ts';
import { directions, gateCount, type ModelConfig } from './config.ts';
import type { Rng } from './rng.ts';

export type FArray = Float32Array | Float64Array;
export type FArrayCtor = Float32ArrayConstructor | Float64ArrayConstructor;

export interface TensorSpec {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  /** Init: U(-initBound, initBound), PyTorch's default for this tensor. */
  initBound: number;
}

/** Offsets of one (layer, direction)'s tensors in the flat buffer; peep is -1 without peepholes. */
export interface LayerOffsets {
  inSize: number;
  wIh: number;
  wHh: number;
  bIh: number;
  bHh: number;
  peep: number;
}

export interface ParamLayout {
  readonly tensors: readonly TensorSpec[];
  readonly total: number;
  readonly vocabSize: number;
  /** Rows of the output layer: vocabSize (next character) or the number of labels (classifier). */
  readonly headSize: number;
  /** [layer][direction] */
  readonly layers: readonly (readonly LayerOffsets[])[];
  /** The output layer's weight and bias (decoder.* or classifier.*). */
  readonly decoderWeight: number;
  readonly decoderBias: number;
  tensor(name: string): TensorSpec;
}

/** `labels` > 0: a classifier over that many labels instead of the next-character decoder. */
export function buildLayout(m: ModelConfig, vocabSize: number, labels = 0): ParamLayout {
  const G = gateCount(m.cell);
  const peepRows = cellSpec(m).peepholeRows(m);
  const H = m.hiddenSize;
  const dirs = directions(m);
  const recurrentBound = 1 / Math.sqrt(H);
  const tensors: TensorSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], initBound: number): number => {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors.push({ name, shape, offset, size, initBound });
    offset += size;
    return offset - size;
  };
  const layers: LayerOffsets[][] = [];
  for (let k = 0; k < m.numLayers; k++) {
    const inSize = k === 0 ? vocabSize : H * dirs;
    const row: LayerOffsets[] = [];
    for (let d = 0; d < dirs; d++) {
      const sfx = `_l${k}${d === 1 ? '_reverse' : ''}`;
      row.push({
        inSize,
        wIh: add(`rnn.weight_ih${sfx}`, [G * H, inSize], recurrentBound),
        wHh: add(`rnn.weight_hh${sfx}`, [G * H, H], recurrentBound),
        bIh: add(`rnn.bias_ih${sfx}`, [G * H], recurrentBound),
        bHh: add(`rnn.bias_hh${sfx}`, [G * H], recurrentBound),
        peep: peepRows > 0 ? add(`rnn.weight_peep${sfx}`, [peepRows, H], recurrentBound) : -1,
      });
    }
    layers.push(row);
  }
  const decoderBound = 1 / Math.sqrt(H * dirs);
  const head = labels > 0 ? 'classifier' : 'decoder';
  const headSize = labels > 0 ? labels : vocabSize;
  const decoderWeight = add(`${head}.weight`, [headSize, H * dirs], decoderBound);
  const decoderBias = add(`${head}.bias`, [headSize], decoderBound);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return {
    tensors,
    total: offset,
    vocabSize,
    headSize,
    layers,
    decoderWeight,
    decoderBias,
    tensor(name) {
      const t = byName.get(name);
      if (!t) throw new Error(`no parameter named ${name}`);
      return t;
    },
  };
}

/** PyTorch-default initialisation, drawing tensor by tensor, element by element from rng. */
export function initParams(layout: ParamLayout, rng: Rng, ctor: FArrayCtor = Float32Array): FArray {
  const p = new ctor(layout.total);
  for (const t of layout.tensors) {
    for (let i = 0; i < t.size; i++) p[t.offset + i] = rng.uniform(-t.initBound, t.initBound);
  }
  return p;
}

/** A named view into the flat buffer (shares memory). */
export function view(layout: ParamLayout, params: FArray, name: string): FArray {
  const t = layout.tensor(name);
  return params.subarray(t.offset, t.offset + t.size);
}
