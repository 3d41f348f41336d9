// The output layer (nn.Linear(H*dirs, V) over all N = T*B positions, or a classifier over the
// N = B final states), softmax and mean cross-entropy over the rows whose target counts.
import { addRowSums, gemmNNAcc, gemmNT, gemmTNAcc } from './linalg.ts';
import type { FArray, ParamLayout } from './params.ts';

export const LN2 = Math.LN2;

/** Loss in nats -> bits per character. */
export function bitsPerChar(lossNats: number): number {
  return lossNats / LN2;
}

/**
 * probs (N,V) <- softmax(X (N,D) · W_dec (V,D)^T + b_dec), V = layout.headSize; returns the mean
 * cross-entropy (nats). targets (N) may hold -1 for rows that do not count.
 */
export function decoderForward(p: FArray, layout: ParamLayout, X: FArray, N: number, D: number, targets: Int32Array, probs: FArray): number {
  const V = layout.headSize;
  gemmNT(N, V, D, X, 0, D, p, layout.decoderWeight, D, probs, 0, V, 0);
  let loss = 0;
  let counted = 0;
  for (let n = 0; n < N; n++) {
    const r = n * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) {
      const z = probs[r + v]! + p[layout.decoderBias + v]!;
      probs[r + v] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(probs[r + v]! - max);
      probs[r + v] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let v = 0; v < V; v++) probs[r + v] = probs[r + v]! * inv;
    const y = targets[n]!;
    if (y >= 0) {
      // log p_y computed from the shifted logits for accuracy: -(z_y - max - log sum)
      loss -= Math.log(Math.max(probs[r + y]!, Number.MIN_VALUE));
      counted++;
    }
  }
  return counted > 0 ? loss / counted : 0;
}

/**
 * Accuracy over the rows that count: the share of rows of probs (N, V) whose most likely symbol
 * (the lowest id among equals, as softmax_xent picks it) is their target; NaN when no row counts.
 */
export function accuracyOf(probs: FArray, N: number, V: number, targets: Int32Array): number {
  let right = 0;
  let counted = 0;
  for (let n = 0; n < N; n++) {
    const y = targets[n]!;
    if (y < 0) continue;
    counted++;
    let best = 0;
    for (let v = 1; v < V; v++) if (probs[n * V + v]! > probs[n * V + best]!) best = v;
    if (best === y) right++;
  }
  return counted > 0 ? right / counted : NaN;
}

/**
 * Turns probs (N,V) into dlogits = (probs - onehot)/count in place, accumulates the decoder
 * gradients into grad, and writes dX (N,D) = dlogits · W_dec.
 */
export function decoderBackward(p: FArray, grad: FArray, layout: ParamLayout, X: FArray, N: number, D: number, targets: Int32Array, probs: FArray, dX: FArray): void {
  const V = layout.headSize;
  let counted = 0;
  for (let n = 0; n < N; n++) if (targets[n]! >= 0) counted++;
  const scale = counted > 0 ? 1 / counted : 0;
  for (let n = 0; n < N; n++) {
    const r = n * V;
    const y = targets[n]!;
    if (y < 0) {
      probs.fill(0, r, r + V);
      continue;
    }
    for (let v = 0; v < V; v++) probs[r + v] = probs[r + v]! * scale;
    probs[r + y] = probs[r + y]! - scale;
  }
  addRowSums(N, V, probs, 0, V, grad, layout.decoderBias);
  gemmTNAcc(V, D, N, probs, 0, V, X, 0, D, grad, layout.decoderWeight, D);
  dX.fill(0);
  gemmNNAcc(N, D, V, probs, 0, V, p, layout.decoderWeight, D, dX, 0, D);
}
