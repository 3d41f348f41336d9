// The CPU trace (src/model/trace.ts: what the inside views draw) against the cell equations written
// out here, unit by unit, for every cell and variant (CELL_VARIANTS: the peephole LSTM and the
// original GRU too, which PyTorch has not), one and two layers, one-way and bidirectional. Each
// (layer, direction, t): the gate pre-activations from the parameters, the layer's input and the
// trace's own h_{t-1} / c_{t-1} (so an error shows where it starts), the activations, c_t and h_t;
// then the probabilities, p(true next), the top-k and the loss from the top layer's h, and the
// gradient norm where only the decoder reads h (forward h_{T-1}, backward h_0). The trace is
// float32: relative error <= 1e-5. tests/unit/pytorch-reference.test.ts holds the same numbers to
// PyTorch for the forms it has.
import { describe, expect, it } from 'vitest';
import { CELLS } from '../../src/model/cells/registry.ts';
import type { ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams, type LayerOffsets } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceWindow, type DirTrace } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';

const TEXT = 'a stitch in time saves nine';
const H = 4;
const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** Row `q` of the (rows, cols) matrix at `off` dotted with x. */
const dot = (p: Float64Array, off: number, q: number, cols: number, x: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < cols; k++) s += p[off + q * cols + k]! * x[k]!;
  return s;
};

/** One step of the cell, by its textbook equations: pre and post of every gate (rows g*H + j), c and h. */
function cellStep(m: ModelConfig, p: Float64Array, lo: LayerOffsets, x: ArrayLike<number>, hPrev: ArrayLike<number>, cPrev: ArrayLike<number>) {
  const G = CELLS[m.cell].gateCount;
  const pre = new Float64Array(G * H);
  const post = new Float64Array(G * H);
  const h = new Float64Array(H);
  const c = new Float64Array(H);
  const inp = (q: number) => dot(p, lo.wIh, q, lo.inSize, x) + p[lo.bIh + q]!;
  const rec = (q: number, v: ArrayLike<number> = hPrev) => dot(p, lo.wHh, q, H, v) + p[lo.bHh + q]!;
  for (let j = 0; j < H; j++) {
    if (m.cell === 'rnn') {
      pre[j] = inp(j) + rec(j);
      post[j] = h[j] = m.nonlinearity === 'relu' ? Math.max(0, pre[j]!) : Math.tanh(pre[j]!);
    } else if (m.cell === 'lstm') {
      const peep = (row: number, v: number) => (m.peephole ? p[lo.peep + row * H + j]! * v : 0);
      pre[j] = inp(j) + rec(j) + peep(0, cPrev[j]!);
      pre[H + j] = inp(H + j) + rec(H + j) + peep(1, cPrev[j]!);
      pre[2 * H + j] = inp(2 * H + j) + rec(2 * H + j);
      const [i, f, g] = [sig(pre[j]!), sig(pre[H + j]!), Math.tanh(pre[2 * H + j]!)];
      c[j] = f * cPrev[j]! + i * g;
      pre[3 * H + j] = inp(3 * H + j) + rec(3 * H + j) + peep(2, c[j]!);
      const o = sig(pre[3 * H + j]!);
      [post[j], post[H + j], post[2 * H + j], post[3 * H + j]] = [i, f, g, o];
      h[j] = o * Math.tanh(c[j]!);
    } else {
      pre[j] = inp(j) + rec(j);
      pre[H + j] = inp(H + j) + rec(H + j);
      post[j] = sig(pre[j]!);
      post[H + j] = sig(pre[H + j]!);
    }
  }
  if (m.cell === 'gru') {
    const r = post.subarray(0, H);
    const rh = Float64Array.from(hPrev, (v, k) => r[k]! * v);
    for (let j = 0; j < H; j++) {
      pre[2 * H + j] = m.gruVariant === 'original' ? inp(2 * H + j) + rec(2 * H + j, rh) : inp(2 * H + j) + r[j]! * rec(2 * H + j);
      const n = (post[2 * H + j] = Math.tanh(pre[2 * H + j]!));
      h[j] = (1 - post[H + j]!) * n + post[H + j]! * hPrev[j]!;
    }
  }
  return { pre, post, h, c };
}

function expectNear(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(relErr(got, want), what).toBeLessThanOrEqual(1e-5);
}

describe('the CPU trace holds the cell equations: every variant, 1-2 layers, both directions', () => {
  for (const { name, model: base } of variantGrid([1, 2], [false, true])) {
    it(name, () => {
      const m = { ...base, hiddenSize: H };
      const vocab = buildVocab(TEXT);
      const V = vocab.size;
      const layout = buildLayout(m, V);
      const p = initParams(layout, createRng(5), Float64Array) as Float64Array;
      for (let i = 0; i < p.length; i++) p[i] = p[i]! * 2.5; // away from every activation's linear part
      const ids = encode(vocab, TEXT.slice(0, 12)).ids;
      const tr = traceWindow(m, p, V, ids, 3, 'all');
      const { T } = tr;
      const dirs = m.bidirectional ? 2 : 1;
      const G = CELLS[m.cell].gateCount;
      const hAt = (d: DirTrace, t: number) => d.h.subarray(t * H, (t + 1) * H);
      const zero = new Float64Array(H);
      expect(tr.layers).toHaveLength(m.numLayers);
      tr.layers.forEach((row, l) => {
        expect(row).toHaveLength(dirs);
        row.forEach((d, k) => {
          const lo = layout.layers[l]![k]!;
          for (let t = 0; t < T; t++) {
            const x = l === 0 ? Float64Array.from({ length: V }, (_, v) => (v === tr.inputs[t] ? 1 : 0)) : Float64Array.from(tr.layers[l - 1]!.flatMap((below) => Array.from(hAt(below, t))));
            const prev = k === 0 ? t - 1 : t + 1;
            const first = prev < 0 || prev >= T;
            const want = cellStep(m, p, lo, x, first ? zero : hAt(d, prev), first || !d.c ? zero : d.c.subarray(prev * H, (prev + 1) * H));
            const at = `layer ${l} dir ${k} t ${t}`;
            expectNear(d.pre.subarray(t * G * H, (t + 1) * G * H), want.pre, `${at} pre`);
            expectNear(d.post.subarray(t * G * H, (t + 1) * G * H), want.post, `${at} post`);
            expectNear(hAt(d, t), want.h, `${at} h`);
            expect(d.c === null).toBe(m.cell !== 'lstm');
            if (d.c) expectNear(d.c.subarray(t * H, (t + 1) * H), want.c, `${at} c`);
          }
        });
      });
      // the decoder on the top layer: probabilities, p(true next), the top 3, the mean loss
      const top = tr.layers[m.numLayers - 1]!;
      const D = H * dirs;
      const dlogits: number[][] = [];
      let loss = 0;
      for (let t = 0; t < T; t++) {
        const out = top.flatMap((d) => Array.from(hAt(d, t)));
        const z = Array.from({ length: V }, (_, v) => dot(p, layout.decoderWeight, v, D, out) + p[layout.decoderBias + v]!);
        const sum = z.reduce((s, zi) => s + Math.exp(zi), 0);
        const probs = z.map((zi) => Math.exp(zi) / sum);
        const y = tr.targets[t]!;
        expectNear([tr.targetProbs[t]!], [probs[y]!], `p(true next) at ${t}`);
        const order = probs.map((_, v) => v).sort((a, b) => probs[b]! - probs[a]!);
        expect(Array.from(tr.topK.ids.subarray(t * 3, t * 3 + 3)), `top 3 at ${t}`).toEqual(order.slice(0, 3));
        expectNear(tr.topK.probs.subarray(t * 3, t * 3 + 3), order.slice(0, 3).map((v) => probs[v]!), `top-3 probabilities at ${t}`);
        loss -= Math.log(probs[y]!) / T;
        dlogits.push(probs.map((q, v) => (q - (v === y ? 1 : 0)) / T));
      }
      expectNear([tr.loss], [loss], 'loss');
      // where only the decoder reads h: dL/dh = W_dec[:, direction's columns]^T dlogits
      const decoderOnly = (t: number, k: number) =>
        Math.hypot(...Array.from({ length: H }, (_, j) => dlogits[t]!.reduce((s, g, v) => s + g * p[layout.decoderWeight + v * D + k * H + j]!, 0)));
      expectNear([top[0]!.dhNorm[T - 1]!], [decoderOnly(T - 1, 0)], 'forward ||dL/dh|| at T-1');
      if (dirs === 2) expectNear([top[1]!.dhNorm[0]!], [decoderOnly(0, 1)], 'backward ||dL/dh|| at 0');
    });
  }
});
