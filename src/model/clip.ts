// Gradient clipping over the flat gradient buffer. Always reports the pre-clip global norm.
import type { ClipMode } from './config.ts';
import type { FArray } from './params.ts';

export interface ClipResult {
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  /** Whether clipping changed the gradient. */
  clipped: boolean;
}

/**
 * 'norm': if ||g|| > c, g *= c / (||g|| + 1e-6) (torch.nn.utils.clip_grad_norm_).
 * 'value': every element into [-c, c] (clip_grad_value_). 'none': unchanged.
 */
export function clipGradients(grad: FArray, mode: ClipMode, c: number): ClipResult {
  let sq = 0;
  for (let i = 0; i < grad.length; i++) sq += grad[i]! * grad[i]!;
  const gradNorm = Math.sqrt(sq);
  if (mode === 'norm') {
    if (!(gradNorm > c)) return { gradNorm, clipped: false };
    const scale = c / (gradNorm + 1e-6);
    for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * scale;
    return { gradNorm, clipped: true };
  }
  if (mode === 'value') {
    let clipped = false;
    for (let i = 0; i < grad.length; i++) {
      const g = grad[i]!;
      if (g > c) {
        grad[i] = c;
        clipped = true;
      } else if (g < -c) {
        grad[i] = -c;
        clipped = true;
      }
    }
    return { gradNorm, clipped };
  }
  return { gradNorm, clipped: false };
}
