// What training on the CPU reference holds in memory, counted from the shapes before anything is
// allocated, so a backend can refuse a shape that would not fit (src/backend/cpu.ts).
// The counts follow network.ts's constructor and the trainers' buffers: tests/unit/cpu-budget.test.ts
// holds them to the typed arrays a Network really allocates.
import { cellSpec } from './cells/registry.ts';
import { directions, gateCount, type ModelConfig, type OptimizerKind } from './config.ts';
import { buildLayout } from './params.ts';

/** Bytes of the typed arrays a Network(model, V, B, T, Float32Array, labels) allocates. */
export function networkBytes(model: ModelConfig, vocabSize: number, B: number, T: number, labels = 0): number {
  const H = model.hiddenSize;
  const G = gateCount(model.cell);
  const dirs = directions(model);
  const L = model.numLayers;
  const lstm = cellSpec(model).hasCellState ? 1 : 0;
  const BH = B * H;
  // per (layer, direction): xp, pre, post, dxp (T, B, G*H); aux, h, c (T, B, H); h0, c0 (B, H);
  // dhNorm, dcNorm (T) in Float64
  const perDir = 4 * T * B * G * H + (2 + lstm) * T * BH + (1 + lstm) * BH + 2 * (1 + lstm) * T;
  // per layer: its output and the gradient flowing into it (T, B, H*dirs)
  const perLayer = dirs * perDir + 2 * T * BH * dirs;
  const head = (labels > 0 ? B * labels : T * B * vocabSize) + (labels > 0 ? 2 * BH * dirs : 0);
  const step = (2 + 2 * lstm) * BH + B * G * H;
  return 4 * (L * perLayer + head + step);
}

/** Bytes of the parameters, their gradient and the optimizer's moments. */
export function parameterBytes(model: ModelConfig, vocabSize: number, optimizer: OptimizerKind, labels = 0): number {
  const moments = optimizer === 'adam' ? 2 : optimizer === 'rmsprop' ? 1 : 0;
  return 4 * buildLayout(model, vocabSize, labels).total * (2 + moments);
}

/**
 * Bytes a CPU training run holds: parameters, gradient and moments, the carried state, the batch,
 * and one Network per sequence length it trains on (next-character mode: the one window length;
 * line and classification modes: every distinct length, each kept once built).
 */
export function cpuTrainingBytes(model: ModelConfig, vocabSize: number, optimizer: OptimizerKind, B: number, lengths: readonly number[], labels = 0): number {
  const state = 2 * 4 * model.numLayers * B * model.hiddenSize;
  const nets = lengths.reduce((sum, T) => sum + networkBytes(model, vocabSize, B, T, labels) + 2 * 4 * T * B, 0);
  return parameterBytes(model, vocabSize, optimizer, labels) + state + nets;
}
