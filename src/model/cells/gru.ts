// GRU cell, gate order r, z, n; h_t = (1-z)*n + z*h_{t-1}.
//   'pytorch' (torch.nn.GRU / cuDNN):  n = tanh(W_in x + b_in + r*(W_hn h_{t-1} + b_hn))
//   'original' (Cho et al. 2014):      n = tanh(W_in x + b_in + W_hn (r*h_{t-1}) + b_hn)
// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz) in both.
import type { GruVariant } from '../config.ts';
import { addRowSums, gemmNNAcc, gemmNT, gemmTNAcc, sigmoid } from '../linalg.ts';
import type { Cell } from './types.ts';

export function gruCell(variant: GruVariant): Cell {
  const original = variant === 'original';
  return {
    forward(p, lo, B, H, s) {
      const G = 3 * H;
      const bh = lo.bHh;
      // recurrent products: all three rows (pytorch) or r, z only (original) — (B, rows) into pre
      gemmNT(B, original ? 2 * H : G, H, s.hPrev, 0, H, p, lo.wHh, H, s.pre, 0, G, 0);
      for (let b = 0; b < B; b++) {
        const r0 = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const ar = s.xp[r0 + j]! + s.pre[r0 + j]! + p[bh + j]!;
          const az = s.xp[r0 + H + j]! + s.pre[r0 + H + j]! + p[bh + H + j]!;
          const r = sigmoid(ar);
          s.pre[r0 + j] = ar;
          s.pre[r0 + H + j] = az;
          s.post[r0 + j] = r;
          s.post[r0 + H + j] = sigmoid(az);
          if (original) {
            s.aux[k] = r * s.hPrev[k]!; // r*h_{t-1}
          } else {
            const hn = s.pre[r0 + 2 * H + j]! + p[bh + 2 * H + j]!;
            s.aux[k] = hn; // W_hn h_{t-1} + b_hn
            s.pre[r0 + 2 * H + j] = s.xp[r0 + 2 * H + j]! + r * hn;
          }
        }
      }
      // original: pre_n (B,H) = (r*h_{t-1}) · W_hn^T
      if (original) gemmNT(B, H, H, s.aux, 0, H, p, lo.wHh + 2 * H * H, H, s.pre, 2 * H, G, 0);
      for (let b = 0; b < B; b++) {
        const r0 = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          let an = s.pre[r0 + 2 * H + j]!;
          if (original) {
            an += s.xp[r0 + 2 * H + j]! + p[bh + 2 * H + j]!;
            s.pre[r0 + 2 * H + j] = an;
          }
          const n = Math.tanh(an);
          const z = s.post[r0 + H + j]!;
          s.post[r0 + 2 * H + j] = n;
          s.h[k] = (1 - z) * n + z * s.hPrev[k]!;
        }
      }
    },
    backward(p, grad, lo, B, H, s, d) {
      const G = 3 * H;
      const w = d.work; // (B,3H): dL/d(recurrent pre-activation) rows r, z, n
      for (let b = 0; b < B; b++) {
        const r0 = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const r = s.post[r0 + j]!, z = s.post[r0 + H + j]!, n = s.post[r0 + 2 * H + j]!;
          const dh = d.dh[k]!;
          const dan = dh * (1 - z) * (1 - n * n);
          const daz = dh * (s.hPrev[k]! - n) * z * (1 - z);
          d.dxp[r0 + H + j] = daz;
          d.dxp[r0 + 2 * H + j] = dan;
          w[r0 + H + j] = daz;
          d.dhPrev[k] = dh * z;
          if (!original) {
            const dar = dan * s.aux[k]! * r * (1 - r);
            d.dxp[r0 + j] = dar;
            w[r0 + j] = dar;
            w[r0 + 2 * H + j] = dan * r;
          } else {
            w[r0 + 2 * H + j] = dan;
          }
        }
      }
      if (original) {
        const wn = lo.wHh + 2 * H * H; // W_hn (H,H)
        gemmTNAcc(H, H, B, w, 2 * H, G, s.aux, 0, H, grad, wn, H); // dW_hn += dan^T · (r*h_{t-1})
        addRowSums(B, H, w, 2 * H, G, grad, lo.bHh + 2 * H);
        // d(r*h_{t-1}) (B,H) = dan · W_hn, computed into the r slot of w, then turned into dar
        for (let b = 0; b < B; b++) w.fill(0, b * G, b * G + H);
        gemmNNAcc(B, H, H, w, 2 * H, G, p, wn, H, w, 0, G);
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < H; j++) {
            const k = b * H + j;
            const r = s.post[b * G + j]!;
            const drh = w[b * G + j]!;
            const dar = drh * s.hPrev[k]! * r * (1 - r);
            d.dhPrev[k] = d.dhPrev[k]! + drh * r;
            w[b * G + j] = dar;
            d.dxp[b * G + j] = dar;
          }
        }
      }
      addRowSums(B, original ? 2 * H : G, w, 0, G, grad, lo.bHh);
      gemmTNAcc(original ? 2 * H : G, H, B, w, 0, G, s.hPrev, 0, H, grad, lo.wHh, H);
      gemmNNAcc(B, H, original ? 2 * H : G, w, 0, G, p, lo.wHh, H, d.dhPrev, 0, H);
    },
  };
}
