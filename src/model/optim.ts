// Optimizers over the flat parameter buffer, with PyTorch's update rules and default constants.
//   SGD:     p -= lr * g
//   Adam:    m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
//   RMSprop: v = a v + (1-a) g^2;  p -= lr * g / (sqrt(v) + eps)
import type { OptimizerKind } from './config.ts';
import type { FArray, FArrayCtor } from './params.ts';

export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
export const RMSPROP = { alpha: 0.99, eps: 1e-8 } as const;

export interface OptimizerState {
  kind: OptimizerKind;
  /** Updates taken so far (Adam's t). */
  t: number;
  /** Adam's first moment (empty otherwise). */
  m: FArray;
  /** Adam's second moment / RMSprop's square average (empty for SGD). */
  v: FArray;
}

export function createOptimizer(kind: OptimizerKind, size: number, ctor: FArrayCtor = Float32Array): OptimizerState {
  return { kind, t: 0, m: new ctor(kind === 'adam' ? size : 0), v: new ctor(kind === 'sgd' ? 0 : size) };
}

export function optimizerStep(s: OptimizerState, p: FArray, g: FArray, lr: number): void {
  s.t++;
  const n = p.length;
  if (s.kind === 'sgd') {
    for (let i = 0; i < n; i++) p[i] = p[i]! - lr * g[i]!;
  } else if (s.kind === 'adam') {
    const { beta1, beta2, eps } = ADAM;
    const bc1 = 1 - beta1 ** s.t;
    const sqrtBc2 = Math.sqrt(1 - beta2 ** s.t);
    const stepSize = lr / bc1;
    const { m, v } = s;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * gi;
      const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
    }
  } else {
    const { alpha, eps } = RMSPROP;
    const { v } = s;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const vi = alpha * v[i]! + (1 - alpha) * gi * gi;
      v[i] = vi;
      p[i] = p[i]! - (lr * gi) / (Math.sqrt(vi) + eps);
    }
  }
}
