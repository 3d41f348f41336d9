// Vanilla RNN cell (torch.nn.RNN): h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), act = tanh | relu.
import type { Nonlinearity } from '../config.ts';
import { addRowSums, gemmNNAcc, gemmNT, gemmTNAcc } from '../linalg.ts';
import type { Cell } from './types.ts';

export function rnnCell(act: Nonlinearity): Cell {
  const relu = act === 'relu';
  return {
    forward(p, lo, B, H, s) {
      // pre (B,H) = h_prev (B,H) · W_hh (H,H)^T, then + xp + b_hh
      gemmNT(B, H, H, s.hPrev, 0, H, p, lo.wHh, H, s.pre, 0, H, 0);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const a = s.pre[k]! + s.xp[k]! + p[lo.bHh + j]!;
          s.pre[k] = a;
          const h = relu ? (a > 0 ? a : 0) : Math.tanh(a);
          s.post[k] = h;
          s.h[k] = h;
        }
      }
    },
    backward(p, grad, lo, B, H, s, d) {
      const da = d.dxp; // (B,H): for the RNN, dL/d(pre) is the same for the input and recurrent sides
      for (let k = 0; k < B * H; k++) {
        const h = s.post[k]!;
        da[k] = d.dh[k]! * (relu ? (s.pre[k]! > 0 ? 1 : 0) : 1 - h * h);
      }
      addRowSums(B, H, da, 0, H, grad, lo.bHh);
      gemmTNAcc(H, H, B, da, 0, H, s.hPrev, 0, H, grad, lo.wHh, H);
      d.dhPrev.fill(0);
      gemmNNAcc(B, H, H, da, 0, H, p, lo.wHh, H, d.dhPrev, 0, H);
    },
  };
}
