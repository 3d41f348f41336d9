// LSTM cell (torch.nn.LSTM, gate order i, f, g, o), with optional diagonal peepholes:
//   i = σ(W_ii x + b_ii + W_hi h + b_hi [+ p_i*c_{t-1}])   f = σ(... f ... [+ p_f*c_{t-1}])
//   g = tanh(... g ...)   c_t = f*c_{t-1} + i*g   o = σ(... o ... [+ p_o*c_t])   h_t = o*tanh(c_t)
import { addRowSums, gemmNNAcc, gemmNT, gemmTNAcc, sigmoid } from '../linalg.ts';
import type { Cell } from './types.ts';

export function lstmCell(): Cell {
  return {
    forward(p, lo, B, H, s) {
      const G = 4 * H;
      gemmNT(B, G, H, s.hPrev, 0, H, p, lo.wHh, H, s.pre, 0, G, 0); // pre (B,4H) = h_prev · W_hh^T
      const pp = lo.peep; // (3,H) rows i, f, o
      for (let b = 0; b < B; b++) {
        const r = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const cp = s.cPrev[k]!;
          let ai = s.pre[r + j]! + s.xp[r + j]! + p[lo.bHh + j]!;
          let af = s.pre[r + H + j]! + s.xp[r + H + j]! + p[lo.bHh + H + j]!;
          const ag = s.pre[r + 2 * H + j]! + s.xp[r + 2 * H + j]! + p[lo.bHh + 2 * H + j]!;
          let ao = s.pre[r + 3 * H + j]! + s.xp[r + 3 * H + j]! + p[lo.bHh + 3 * H + j]!;
          if (pp >= 0) {
            ai += p[pp + j]! * cp;
            af += p[pp + H + j]! * cp;
          }
          const i = sigmoid(ai);
          const f = sigmoid(af);
          const g = Math.tanh(ag);
          const c = f * cp + i * g;
          if (pp >= 0) ao += p[pp + 2 * H + j]! * c;
          const o = sigmoid(ao);
          const tc = Math.tanh(c);
          s.pre[r + j] = ai;
          s.pre[r + H + j] = af;
          s.pre[r + 2 * H + j] = ag;
          s.pre[r + 3 * H + j] = ao;
          s.post[r + j] = i;
          s.post[r + H + j] = f;
          s.post[r + 2 * H + j] = g;
          s.post[r + 3 * H + j] = o;
          s.c[k] = c;
          s.aux[k] = tc;
          s.h[k] = o * tc;
        }
      }
    },
    backward(p, grad, lo, B, H, s, d) {
      const G = 4 * H;
      const pp = lo.peep;
      const da = d.dxp; // (B,4H): same for the input and recurrent sides
      for (let b = 0; b < B; b++) {
        const r = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const i = s.post[r + j]!, f = s.post[r + H + j]!, g = s.post[r + 2 * H + j]!, o = s.post[r + 3 * H + j]!;
          const tc = s.aux[k]!, cp = s.cPrev[k]!, dh = d.dh[k]!;
          const dao = dh * tc * o * (1 - o);
          let dc = d.dc[k]! + dh * o * (1 - tc * tc);
          if (pp >= 0) dc += dao * p[pp + 2 * H + j]!;
          d.dc[k] = dc;
          const dai = dc * g * i * (1 - i);
          const daf = dc * cp * f * (1 - f);
          const dag = dc * i * (1 - g * g);
          let dcp = dc * f;
          if (pp >= 0) {
            dcp += dai * p[pp + j]! + daf * p[pp + H + j]!;
            grad[pp + j] = grad[pp + j]! + dai * cp;
            grad[pp + H + j] = grad[pp + H + j]! + daf * cp;
            grad[pp + 2 * H + j] = grad[pp + 2 * H + j]! + dao * s.c[k]!;
          }
          d.dcPrev[k] = dcp;
          da[r + j] = dai;
          da[r + H + j] = daf;
          da[r + 2 * H + j] = dag;
          da[r + 3 * H + j] = dao;
        }
      }
      addRowSums(B, G, da, 0, G, grad, lo.bHh);
      gemmTNAcc(G, H, B, da, 0, G, s.hPrev, 0, H, grad, lo.wHh, H);
      d.dhPrev.fill(0);
      gemmNNAcc(B, H, G, da, 0, G, p, lo.wHh, H, d.dhPrev, 0, H);
    },
  };
}
