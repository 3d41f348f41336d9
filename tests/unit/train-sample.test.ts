// End-to-end behaviour of the reference: short training runs learn, sampling is seeded and obeys
// temperature and top-k, traces agree with the network.
import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { Network } from '../../src/model/network.ts';
import { createRng } from '../../src/model/rng.ts';
import { drawFromProbs, sampleText } from '../../src/model/sample.ts';
import { nextCharProbs, traceWindow } from '../../src/model/trace.ts';
import { evaluateLoss, Trainer } from '../../src/model/train.ts';
import { encode } from '../../src/model/vocab.ts';

const PHRASE = 'hello world. '.repeat(40);
const smallTrain = { ...DEFAULT_TRAIN, batchSize: 8, seqLen: 16, learningRate: 0.01 };

function trained(cell: 'rnn' | 'lstm' | 'gru', steps = 150) {
  const tr = new Trainer({ model: { ...DEFAULT_MODEL, cell, hiddenSize: 32 }, train: smallTrain, text: PHRASE });
  const losses = Array.from({ length: steps }, () => tr.step().loss);
  return { tr, losses };
}

describe('training on a repeated phrase', () => {
  for (const cell of CELL_KINDS) {
    it(`${cell}: loss falls from ln(9) to below 0.05 nats in 150 Adam steps, and greedy sampling continues the phrase`, () => {
      const { tr, losses } = trained(cell);
      expect(losses[0]).toBeGreaterThan(2.0); // ln 9 = 2.197 for an untrained model
      expect(losses.at(-1)).toBeLessThan(0.05);
      expect(tr.stepCount).toBe(150);
      expect(sampleText(tr.model, tr.params, tr.vocab, { prime: 'hello', length: 20, temperature: 0, topK: 0, seed: 1 })).toBe(' world. hello world.');
      expect(evaluateLoss(tr.model, tr.params, tr.vocab.size, encode(tr.vocab, PHRASE).ids, 16)).toBeLessThan(0.1);
    });
  }
});

describe('sampling', () => {
  const { tr } = trained('gru', 30);
  const opts = { prime: 'he', length: 50, temperature: 1, topK: 0, seed: 5 };
  it('is reproducible for a seed and differs across seeds', () => {
    const a = sampleText(tr.model, tr.params, tr.vocab, opts);
    expect(a).toHaveLength(50);
    expect(sampleText(tr.model, tr.params, tr.vocab, opts)).toBe(a);
    expect(sampleText(tr.model, tr.params, tr.vocab, { ...opts, seed: 6 })).not.toBe(a);
  });
  it('temperature 0 and top-k 1 are both greedy', () => {
    const greedy = sampleText(tr.model, tr.params, tr.vocab, { ...opts, temperature: 0 });
    expect(sampleText(tr.model, tr.params, tr.vocab, { ...opts, temperature: 1.5, topK: 1, seed: 99 })).toBe(greedy);
  });
  it('starts from a seeded random character without a prime, and skips unknown prime characters', () => {
    const s = sampleText(tr.model, tr.params, tr.vocab, { ...opts, prime: '' });
    expect([...s]).toHaveLength(50);
    expect(sampleText(tr.model, tr.params, tr.vocab, { ...opts, prime: 'h€e' })).toBe(sampleText(tr.model, tr.params, tr.vocab, opts));
    expect(sampleText(tr.model, tr.params, tr.vocab, { ...opts, length: 0 })).toBe('');
  });
  it('drawFromProbs: low temperature sharpens, top-k restricts', () => {
    const probs = [0.1, 0.6, 0.3];
    const count = (temperature: number, topK: number) => {
      const rng = createRng(1);
      const c = [0, 0, 0];
      for (let i = 0; i < 4000; i++) c[drawFromProbs(probs, temperature, topK, rng)]!++;
      return c.map((x) => x / 4000);
    };
    const t1 = count(1, 0);
    expect(t1[1]).toBeCloseTo(0.6, 1);
    expect(t1[0]).toBeCloseTo(0.1, 1);
    expect(count(0.25, 0)[1]).toBeCloseTo(0.1296 / (0.0001 + 0.1296 + 0.0081), 1); // p^(1/τ) renormalised = 0.94
    expect(count(1, 2)[0]).toBe(0);
    expect(count(0, 0)).toEqual([0, 1, 0]);
  });
});

describe('traces', () => {
  const { tr } = trained('lstm', 20);
  const window = 'hello world';
  const trace = traceWindow(tr.model, tr.params, tr.vocab.size, encode(tr.vocab, window).ids, 3);
  it('next-character probabilities alone (forward only) equal the trace\'s, and multiply to exp(-T·loss)', () => {
    const probs = nextCharProbs(tr.model, tr.params, tr.vocab.size, encode(tr.vocab, window).ids);
    expect(Array.from(probs)).toEqual(Array.from(trace.targetProbs));
    expect(-probs.reduce((a, p) => a + Math.log(p), 0) / probs.length).toBeCloseTo(trace.loss, 5);
  });
  it('record each step: gates, states, top-k, target probability, gradient norms', () => {
    expect(trace.T).toBe(10);
    expect(trace.gateNames).toEqual(['i', 'f', 'g', 'o']);
    const d = trace.layers[0]![0]!;
    expect(d.pre).toHaveLength(10 * 4 * 32);
    expect(d.c).toHaveLength(10 * 32);
    for (let t = 0; t < 10; t++) {
      const probs = trace.topK.probs.subarray(t * 3, t * 3 + 3);
      expect(probs[0]).toBeGreaterThanOrEqual(probs[1]!);
      expect(probs[1]).toBeGreaterThanOrEqual(probs[2]!);
      expect(trace.targetProbs[t]).toBeGreaterThan(0);
      expect(d.dhNorm[t]).toBeGreaterThan(0);
      expect(d.dcNorm![t]).toBeGreaterThan(0);
    }
    // post = activation(pre): sigma for i, f, o and tanh for g
    for (let j = 0; j < 32; j++) {
      expect(d.post[j]).toBeCloseTo(1 / (1 + Math.exp(-d.pre[j]!)), 6);
      expect(d.post[64 + j]).toBeCloseTo(Math.tanh(d.pre[64 + j]!), 6);
    }
    // h_t = o * tanh(c_t)
    for (let j = 0; j < 32; j++) expect(d.h[5 * 32 + j]).toBeCloseTo(d.post[5 * 128 + 96 + j]! * Math.tanh(d.c![5 * 32 + j]!), 6);
  });
  it('loss equals the mean of -log p(target) and matches a plain forward', () => {
    const mean = -Array.from(trace.targetProbs).reduce((s, p) => s + Math.log(p), 0) / trace.T;
    expect(trace.loss).toBeCloseTo(mean, 5);
    const ids = encode(tr.vocab, window).ids;
    const net = new Network(tr.model, tr.vocab.size, 1, 10);
    expect(net.forward(tr.params, ids.slice(0, 10), ids.slice(1), null)).toBeCloseTo(trace.loss, 6);
  });
  it("of the last step's loss alone: same forward, loss -log p(last target), dL/dh_T = W_dec^T (p_T - onehot y_T)", () => {
    const last = traceWindow(tr.model, tr.params, tr.vocab.size, encode(tr.vocab, window).ids, 3, 'last');
    expect(Array.from(last.layers[0]![0]!.h)).toEqual(Array.from(trace.layers[0]![0]!.h));
    expect(Array.from(last.targets)).toEqual(Array.from(trace.targets));
    expect(last.loss).toBeCloseTo(-Math.log(trace.targetProbs[9]!), 5);
    // at the last step the gradient is the decoder's alone: W_dec^T (p - e_y), no recurrence yet
    const ids = encode(tr.vocab, window).ids;
    const net = new Network(tr.model, tr.vocab.size, 1, 10);
    net.forward(tr.params, ids.slice(0, 10), ids.slice(1), null);
    const V = tr.vocab.size;
    const { decoderWeight } = net.layout;
    const dh = Array.from({ length: 32 }, (_, j) => {
      let s = 0;
      for (let v = 0; v < V; v++) s += (net.probs[9 * V + v]! - (v === ids[10] ? 1 : 0)) * tr.params[decoderWeight + v * 32 + j]!;
      return s;
    });
    const d = last.layers[0]![0]!;
    expect(d.dhNorm[9]).toBeCloseTo(Math.hypot(...dh), 5);
    // the total loss's gradient at the last step is the same vector over T (one of T terms)
    expect(trace.layers[0]![0]!.dhNorm[9]).toBeCloseTo(Math.hypot(...dh) / 10, 5);
    // earlier steps: only what flows back through time from the last prediction
    for (let t = 0; t < 9; t++) expect(d.dhNorm[t]).not.toBeCloseTo(trace.layers[0]![0]!.dhNorm[t]! * 10, 3);
  });
});

describe('CPU backend', () => {
  it('implements the Backend interface on the reference', async () => {
    const be = new CpuBackend();
    await be.init({ model: { ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 16 }, train: smallTrain, text: PHRASE });
    expect(be.kind).toBe('cpu');
    expect(be.vocab.size).toBe(9);
    const first = await be.trainStep();
    expect(first.step).toBe(1);
    expect(first.finite).toBe(true);
    const p = await be.getParams();
    be.updateTrainConfig({ learningRate: 0.05, clipMode: 'value', clipValue: 0.5 });
    await be.trainStep();
    const q = await be.getParams();
    expect(q).not.toEqual(p);
    await be.setParams(p);
    expect(await be.getParams()).toEqual(p);
    await expect(be.setParams(new Float32Array(3))).rejects.toThrow(/expected \d+ parameters/);
    expect((await be.trace('hello')).T).toBe(4);
    expect(await be.sample({ prime: 'h', length: 5, temperature: 0, topK: 0, seed: 1 })).toHaveLength(5);
    expect(() => be.updateTrainConfig({ learningRate: -1 })).toThrow(/learning rate/);
    be.dispose();
    be.dispose();
    await expect(be.trainStep()).rejects.toThrow(/init\(\) first/);
  });
  it('skips an update whose loss is not finite and leaves the parameters untouched', async () => {
    const be = new CpuBackend();
    await be.init({ model: { ...DEFAULT_MODEL, cell: 'rnn', hiddenSize: 8 }, train: smallTrain, text: PHRASE });
    const p = await be.getParams();
    p[0] = NaN;
    await be.setParams(p);
    const r = await be.trainStep();
    expect(r.finite).toBe(false);
    expect(r.step).toBe(0);
    expect(Array.from(await be.getParams()).slice(1)).toEqual(Array.from(p).slice(1));
  });
});
