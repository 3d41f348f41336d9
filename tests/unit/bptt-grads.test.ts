// Every unit's BPTT numbers (src/model/trace.ts, `grads`), which the page's backward mode writes
// into the backward equations: they add up to the norms the trace reports (‖∂L/∂h_t‖, ‖∂L/∂c_t‖),
// split exactly into what comes from the step's output and from the step after, and the gate
// deltas are the ones finite differences give, for every cell, variant, layer and direction.
import { describe, expect, it } from 'vitest';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceSentence, traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';

const TEXT = 'hello world, hello backprop. ';
const norm = (a: Float32Array, t: number, n: number) => Math.hypot(...a.subarray(t * n, (t + 1) * n));

describe('BPTT numbers of a trace', () => {
  for (const { name, model: m } of variantGrid([1, 2], [false, true])) {
    const model = { ...m, hiddenSize: 5 };
    it(`${name}: ∂L/∂h_t and ∂L/∂c_t add up to the trace's norms, split into output and recurrent parts`, () => {
      const vocab = buildVocab(TEXT);
      const params = initParams(buildLayout(model, vocab.size), createRng(7));
      const ids = encode(vocab, TEXT).ids.slice(0, 9);
      for (const lossAt of ['all', 'last'] as const) {
        const trace = traceWindow(model, params, vocab.size, ids, 3, lossAt, true);
        const { T, H } = trace;
        trace.layers.forEach((dirs, l) =>
          dirs.forEach((d, di) => {
            const g = trace.grads![l]![di]!;
            for (let t = 0; t < T; t++) {
              expect(norm(g.dh, t, H)).toBeCloseTo(d.dhNorm[t]!, 5);
              if (d.dcNorm) expect(norm(g.dc!, t, H)).toBeCloseTo(d.dcNorm[t]!, 5);
              for (let j = 0; j < H; j++) expect(g.dhOut[t * H + j]! + g.dhNext[t * H + j]!).toBeCloseTo(g.dh[t * H + j]!, 6);
            }
            // the step each direction ends at has nothing after it
            const last = di === 0 ? T - 1 : 0;
            expect(Array.from(g.dhNext.subarray(last * H, last * H + H))).toEqual(new Array(H).fill(0));
          }),
        );
        // the last step's loss alone: the top layer's steps before the last get nothing from the output
        if (lossAt === 'last' && !model.bidirectional) {
          const top = trace.grads!.at(-1)![0]!;
          expect(Math.max(...top.dhOut.subarray(0, (T - 1) * H).map(Math.abs))).toBe(0);
        }
      }
    });
  }

  it('gives the gate deltas that finite differences give (LSTM, unit 2 of the input gate at step 4)', () => {
    const model = { ...variantGrid([1], [false])[2]!.model, hiddenSize: 4 };
    expect(model.cell).toBe('lstm');
    const vocab = buildVocab(TEXT);
    const layout = buildLayout(model, vocab.size);
    const params = initParams(layout, createRng(11), Float64Array) as Float64Array;
    const ids = encode(vocab, TEXT).ids.slice(0, 7);
    const trace = traceWindow(model, params, vocab.size, ids, 3, 'all', true);
    // ∂L/∂b_ih of row q, restricted to step 3: nudge the bias only through a one-hot input that occurs once
    const t = 4;
    const id = ids[t]!;
    expect(Array.from(ids).filter((x) => x === id)).toHaveLength(1);
    const lo = layout.layers[0]![0]!;
    const q = 0 * 4 + 2; // gate i, unit 2
    const eps = 1e-6;
    const loss = (w: number) => {
      const p = Float64Array.from(params);
      p[lo.wIh + q * lo.inSize + id] = p[lo.wIh + q * lo.inSize + id]! + w;
      return traceWindow(model, p, vocab.size, ids, 3).loss;
    };
    const numeric = (loss(eps) - loss(-eps)) / (2 * eps);
    expect(trace.grads![0]![0]!.delta[t * 16 + q]!).toBeCloseTo(numeric, 6);
  });

  it("a classifier's gradient enters at the final states only", () => {
    const model = { ...variantGrid([1], [true])[4]!.model, hiddenSize: 4 };
    const vocab = buildVocab(TEXT);
    const params = initParams(buildLayout(model, vocab.size, 3), createRng(2));
    const ids = encode(vocab, 'hello').ids;
    const trace = traceSentence(model, params, vocab.size, 3, ids, 1, true);
    const [fw, bw] = trace.grads![0]!;
    const H = 4;
    const T = ids.length;
    for (let t = 0; t < T; t++) {
      expect(norm(fw!.dhOut, t, H) > 0).toBe(t === T - 1);
      expect(norm(bw!.dhOut, t, H) > 0).toBe(t === 0);
      expect(norm(fw!.dh, t, H)).toBeCloseTo(trace.layers[0]![0]!.dhNorm[t]!, 5);
    }
  });
});
