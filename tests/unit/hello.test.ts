// The classic 4-symbol "hello" example (vocab e, h, l, o; inputs h e l l -> targets e l l o) with
// hidden size 1 and fixed small weights, worked by hand as scalar equations straight from the
// textbook cell formulas, for every cell. The engine must reproduce each h_t, c_t and the loss.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { Network } from '../../src/model/network.ts';
import { buildLayout, view } from '../../src/model/params.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const vocab = buildVocab('hello');
const ids = encode(vocab, 'hello').ids; // h e l l o -> 1 0 2 2 3
const inputs = ids.slice(0, 4);
const targets = ids.slice(1);

/** Fixed weights: row g (gate), column v (symbol): 0.3*(g+1)*(-1)^v - 0.1*v; biases 0.05*(g+1). */
function weights(G: number) {
  const wih = Array.from({ length: G }, (_, g) => Array.from({ length: 4 }, (_, v) => 0.3 * (g + 1) * (v % 2 ? -1 : 1) - 0.1 * v));
  const whh = Array.from({ length: G }, (_, g) => 0.5 - 0.2 * g);
  const bih = Array.from({ length: G }, (_, g) => 0.05 * (g + 1));
  const bhh = Array.from({ length: G }, (_, g) => -0.02 * (g + 1));
  const dw = [0.7, -0.4, 0.9, -1.1];
  const db = [0.1, 0.0, -0.1, 0.2];
  return { wih, whh, bih, bhh, dw, db };
}

function engineRun(model: ModelConfig, G: number) {
  const net = new Network(model, 4, 1, 4, Float64Array);
  const layout = buildLayout(model, 4);
  const p = new Float64Array(layout.total);
  const w = weights(G);
  view(layout, p, 'rnn.weight_ih_l0').set(w.wih.flat());
  view(layout, p, 'rnn.weight_hh_l0').set(w.whh);
  view(layout, p, 'rnn.bias_ih_l0').set(w.bih);
  view(layout, p, 'rnn.bias_hh_l0').set(w.bhh);
  view(layout, p, 'decoder.weight').set(w.dw);
  view(layout, p, 'decoder.bias').set(w.db);
  if (model.peephole) view(layout, p, 'rnn.weight_peep_l0').set([0.25, -0.15, 0.35]);
  const loss = net.forward(p, inputs, targets, null);
  return { loss, h: Array.from(net.caches[0]![0]!.h), c: Array.from(net.caches[0]![0]!.c) };
}

/** Mean cross-entropy of the decoder on scalar h_t, by hand. */
function handLoss(hs: number[]): number {
  const { dw, db } = weights(1);
  let total = 0;
  hs.forEach((h, t) => {
    const z = dw.map((w, v) => w * h + db[v]!);
    const logSum = Math.log(z.reduce((s, zi) => s + Math.exp(zi), 0));
    total += logSum - z[targets[t]!]!;
  });
  return total / hs.length;
}

describe('hand-worked "hello" (H = 1)', () => {
  it('vocabulary and ids', () => {
    expect(vocab.symbols).toEqual(['e', 'h', 'l', 'o']);
    expect(Array.from(ids)).toEqual([1, 0, 2, 2, 3]);
  });

  for (const act of ['tanh', 'relu'] as const) {
    it(`RNN (${act})`, () => {
      const { wih, whh, bih, bhh } = weights(1);
      const f = act === 'tanh' ? Math.tanh : (x: number) => Math.max(0, x);
      const hs: number[] = [];
      let h = 0;
      for (const x of inputs) {
        h = f(wih[0]![x]! + bih[0]! + whh[0]! * h + bhh[0]!);
        hs.push(h);
      }
      const got = engineRun({ ...DEFAULT_MODEL, cell: 'rnn', nonlinearity: act, hiddenSize: 1 }, 1);
      got.h.forEach((v, t) => expect(v).toBeCloseTo(hs[t]!, 14));
      expect(got.loss).toBeCloseTo(handLoss(hs), 14);
    });
  }

  for (const peephole of [false, true]) {
    it(`LSTM${peephole ? ' with peepholes' : ''}`, () => {
      const { wih, whh, bih, bhh } = weights(4);
      const [pi, pf, po] = peephole ? [0.25, -0.15, 0.35] : [0, 0, 0];
      const pre = (g: number, x: number, h: number) => wih[g]![x]! + bih[g]! + whh[g]! * h + bhh[g]!;
      const hs: number[] = [];
      const cs: number[] = [];
      let h = 0;
      let c = 0;
      for (const x of inputs) {
        const i = sig(pre(0, x, h) + pi * c);
        const f = sig(pre(1, x, h) + pf * c);
        const g = Math.tanh(pre(2, x, h));
        c = f * c + i * g;
        const o = sig(pre(3, x, h) + po * c);
        h = o * Math.tanh(c);
        hs.push(h);
        cs.push(c);
      }
      const got = engineRun({ ...DEFAULT_MODEL, cell: 'lstm', peephole, hiddenSize: 1 }, 4);
      got.h.forEach((v, t) => expect(v).toBeCloseTo(hs[t]!, 14));
      got.c.forEach((v, t) => expect(v).toBeCloseTo(cs[t]!, 14));
      expect(got.loss).toBeCloseTo(handLoss(hs), 14);
    });
  }

  for (const variant of ['pytorch', 'original'] as const) {
    it(`GRU (${variant})`, () => {
      const { wih, whh, bih, bhh } = weights(3);
      const hs: number[] = [];
      let h = 0;
      for (const x of inputs) {
        const r = sig(wih[0]![x]! + bih[0]! + whh[0]! * h + bhh[0]!);
        const z = sig(wih[1]![x]! + bih[1]! + whh[1]! * h + bhh[1]!);
        const n =
          variant === 'pytorch'
            ? Math.tanh(wih[2]![x]! + bih[2]! + r * (whh[2]! * h + bhh[2]!))
            : Math.tanh(wih[2]![x]! + bih[2]! + whh[2]! * (r * h) + bhh[2]!);
        h = (1 - z) * n + z * h;
        hs.push(h);
      }
      const got = engineRun({ ...DEFAULT_MODEL, cell: 'gru', gruVariant: variant, hiddenSize: 1 }, 3);
      got.h.forEach((v, t) => expect(v).toBeCloseTo(hs[t]!, 14));
      expect(got.loss).toBeCloseTo(handLoss(hs), 14);
    });
  }

  it('pins the numbers (guards against the hand model and the engine drifting together)', () => {
    const lstm = engineRun({ ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 1 }, 4);
    const gru = engineRun({ ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 1 }, 3);
    const rnn = engineRun({ ...DEFAULT_MODEL, cell: 'rnn', hiddenSize: 1 }, 1);
    expect([rnn.loss, lstm.loss, gru.loss].map((x) => x.toFixed(10))).toMatchInlineSnapshot(`
      [
        "1.4807119903",
        "1.4571066407",
        "1.5915354329",
      ]
    `);
  });
});
