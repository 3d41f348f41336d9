// The gate inspector's equations (pure): every cell and variant, forward and reverse directions,
// the zero state at each direction's first step, the names in words beside them; the backward
// equations of BPTT with the reference's numbers; the gradient panel's verdict worded from the
// data; backward mode's drawing helpers; the W_hh what-if.
import { describe, expect, it } from 'vitest';
import { applyWhatIf } from '../../src/engine/inspect.ts';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceSentence, traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import type { TraceFrame } from '../../src/store/traces.ts';
import { bpttReached, gradientLayers, gradWidth, MAX_WIDTH, MIN_WIDTH, normRange } from '../../src/ui/draw/bptt.ts';
import { en } from '../../src/ui/messages/en.ts';
import { zh } from '../../src/ui/messages/zh-CN.ts';
import { backwardEquations } from '../../src/ui/panels/backward-equations.ts';
import { equations } from '../../src/ui/panels/GateInspector.tsx';
import { factor, reach, verdict } from '../../src/ui/panels/gradient-caption.ts';
import { CELL_VARIANTS } from '../helpers/model-fixtures.ts';
import { texNumbers } from '../helpers/tex.ts';

const TEXT = 'hello world, hello gates';
const vocab = buildVocab(TEXT);
const H = 3;

function frame(model: ModelConfig, grads = true, lossAt: 'all' | 'last' = 'all'): TraceFrame {
  const params = initParams(buildLayout(model, vocab.size), createRng(9));
  const trace = traceWindow(model, params, vocab.size, encode(vocab, TEXT).ids.slice(0, 7), 3, lossAt, grads);
  return { runId: model.cell, step: 1, model, symbols: vocab.symbols, labels: [], trace, lossAt, arrivedAt: 0 };
}

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-3 * Math.abs(b) + 1e-7);

describe('forward equations', () => {
  for (const { name, model: m } of CELL_VARIANTS) {
    const model = { ...m, hiddenSize: H, bidirectional: true };
    it(`${name}: one named line per gate (c, h), the state from the step before in each direction`, () => {
      const f = frame(model, false);
      const { T } = f.trace;
      for (const dir of [0, 1]) {
        const d = f.trace.layers[0]![dir]!;
        const first = dir === 0 ? 0 : T - 1;
        const mid = 3;
        const prev = dir === 0 ? mid - 1 : mid + 1;
        const lines = equations(f, 0, dir, mid, 1);
        expect(lines.at(-1)!.part).toBe('h');
        expect(lines.at(-1)!.name).toBe('part.h');
        for (const l of lines) {
          expect(en[l.name]).toBeTruthy();
          expect(zh[l.name]).toBeTruthy();
        }
        const hLine = lines.at(-1)!.tex;
        // the RNN's line ends with "(h_{t-1} = …)": its h is the second number
        close(model.cell === 'rnn' ? texNumbers(hLine)[1]! : texNumbers(hLine).at(-1)!, d.h[mid * H + 1]!);
        if (model.cell === 'gru') close(texNumbers(hLine).at(-2)!, d.h[prev * H + 1]!); // z h_{t-1}: the step before, this direction
        if (model.cell === 'lstm') close(texNumbers(lines[4]!.tex)[1]!, d.c![prev * H + 1]!);
        if (model.cell === 'rnn') close(texNumbers(hLine).at(-1)!, d.h[prev * H + 1]!);
        // the first step of each direction reads the zero state
        expect(equations(f, 0, dir, first, 1).at(-1)!.tex).toContain(model.cell === 'lstm' ? 'h_t = o_t' : 't-1 = 0');
      }
      const names = equations(f, 0, 0, 2, 0).map((l) => l.name);
      expect(names).toEqual({ rnn: ['part.h'], lstm: ['part.i', 'part.f', 'part.g', 'part.o', 'part.c', 'part.h'], gru: ['part.r', 'part.z', 'part.n', 'part.h'] }[model.cell]);
      if (model.cell === 'gru') expect(equations(f, 0, 0, 2, 0)[2]!.tex).toContain(model.gruVariant === 'original' ? 'W_{hn}(r_t \\odot h_{t-1})' : 'r_t \\odot (W_{hn}h_{t-1} + b_{hn})');
      if (model.cell === 'rnn') expect(equations(f, 0, 0, 2, 0)[0]!.tex).toContain(model.nonlinearity === 'relu' ? 'relu' : 'tanh');
      if (model.peephole) expect(equations(f, 0, 0, 2, 0)[0]!.tex).toContain('p_i c_{t-1}');
    });
  }
});

describe('backward equations', () => {
  for (const { name, model: m } of CELL_VARIANTS) {
    for (const numLayers of [1, 2]) {
      const model = { ...m, hiddenSize: H, numLayers, bidirectional: true };
      it(`${name} L=${numLayers}: ∂L/∂h_t = output + recurrent, and each δ, are the reference's numbers`, () => {
        const f = frame(model);
        const { T } = f.trace;
        for (const layer of [0, numLayers - 1]) {
          for (const dir of [0, 1]) {
            const g = f.trace.grads![layer]![dir]!;
            for (const t of [0, 3, T - 1]) {
              const lines = backwardEquations(f, layer, dir, t, 2)!;
              expect(lines[0]!.name).toBe('bptt.dh');
              const dh = texNumbers(lines[0]!.tex);
              close(dh.at(-1)!, g.dh[t * H + 2]!);
              close(dh[0]!, g.dhOut[t * H + 2]!);
              // the parts add up to the total (each written with 4 significant digits)
              const parts = dh.slice(0, -1);
              expect(Math.abs(parts.reduce((a, b) => a + b, 0) - g.dh[t * H + 2]!)).toBeLessThanOrEqual(1e-3 * Math.max(...parts.map(Math.abs)) + 1e-7);
              expect(lines[0]!.tex).toContain(dir === 0 ? '\\delta_{t+1}' : '\\delta_{t-1}');
              expect(lines[0]!.tex).toContain(layer === numLayers - 1 ? 'W_{hy}^\\top' : `W_{ih}^{(${layer + 2})\\top}`);
              const G = f.trace.gateNames.length;
              for (const l of lines.slice(1)) {
                if (typeof l.part === 'number') close(texNumbers(l.tex).at(-1 - (model.cell === 'gru' && l.part === 0 ? 1 : 0))!, g.delta[t * G * H + l.part * H + 2]!);
                if (l.part === 'c') close(texNumbers(l.tex).at(-1)!, g.dc![t * H + 2]!);
                expect(en[l.name] && zh[l.name]).toBeTruthy();
              }
            }
          }
        }
      });
    }
  }

  it('waits for the BPTT numbers, and a classifier\'s output term is at its final states only', () => {
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: H, bidirectional: true };
    expect(backwardEquations(frame(model, false), 0, 0, 1, 0)).toBeNull();
    const params = initParams(buildLayout(model, vocab.size, 2), createRng(3));
    const ids = encode(vocab, 'hello').ids;
    const trace = traceSentence(model, params, vocab.size, 2, ids, 0, true);
    const f: TraceFrame = { runId: 'gru', step: 1, model, symbols: vocab.symbols, labels: ['a', 'b'], trace, lossAt: 'all', arrivedAt: 0 };
    expect(backwardEquations(f, 0, 0, 4, 0)![0]!.tex).toContain('W_{hy}^\\top (\\hat y - y)');
    expect(backwardEquations(f, 0, 0, 2, 0)![0]!.tex).toMatch(/^\\frac\{\\partial L\}\{\\partial h_t\} = 0 \+/);
    expect(backwardEquations(f, 0, 1, 0, 0)![0]!.tex).toContain('W_{hy}^\\top (\\hat y - y)');
  });
});

describe('the gradient panel says what its curves measure', () => {
  const decay = (k: number, T = 10) => Float64Array.from({ length: T }, (_, i) => k ** (T - 1 - i));
  it('reach is the first step\'s share of the last step\'s gradient', () => {
    expect(reach(decay(0.5))).toBeCloseTo(0.5 ** 9);
    expect(reach([1])).toBeNaN();
    expect(factor(0.5 ** 9)).toBe('×2.0e-3');
  });
  it('words the textbook ordering only when the data shows it', () => {
    expect(verdict([{ cell: 'rnn', of: 'h', values: decay(0.5) }, { cell: 'lstm', of: 'c', values: decay(0.95) }], 10)!.key).toBe('grad.verdictTextbook');
    const opposite = verdict([{ cell: 'rnn', of: 'h', values: decay(0.9) }, { cell: 'lstm', of: 'h', values: decay(0.5) }, { cell: 'gru', of: 'h', values: decay(0.6) }], 10)!;
    expect(opposite.key).toBe('grad.verdictOpposite');
    expect(opposite.vars).toMatchObject({ rnn: factor(0.9 ** 9), best: factor(0.6 ** 9) });
    expect(verdict([{ cell: 'rnn', of: 'h', values: decay(0.5) }], 10)!.key).toBe('grad.verdictVanished');
    expect(verdict([{ cell: 'rnn', of: 'h', values: decay(2) }], 10)!.key).toBe('grad.verdictExploded');
    expect(verdict([{ cell: 'gru', of: 'h', values: decay(0.95) }], 10)!.key).toBe('grad.verdictHeld');
    expect(verdict([], 0)).toBeNull();
  });
});

describe('backward mode drawing', () => {
  it('walks the forward direction from the end and the backward one from the start', () => {
    expect([0, 1, 2, 3].map((t) => bpttReached(t, 0, 4, 1))).toEqual([false, false, false, true]);
    expect([0, 1, 2, 3].map((t) => bpttReached(t, 1, 4, 1))).toEqual([true, false, false, false]);
    expect([0, 1, 2, 3].every((t) => bpttReached(t, 0, 4, 4))).toBe(true);
  });
  it('shows gradients scaled to [-1, 1] where reached, and arrow widths on a log scale', () => {
    const f = frame({ ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: H });
    const layers = gradientLayers(f.trace, 2)!;
    const { T } = f.trace;
    const h = layers[0]![0]!.h;
    expect(Math.max(...h.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Array.from(h.subarray(0, (T - 2) * H))).toEqual(new Array((T - 2) * H).fill(0));
    expect(gradientLayers(frame({ ...DEFAULT_MODEL, hiddenSize: H }, false).trace, 2)).toBeNull();
    const range = normRange(f.trace);
    expect(gradWidth(10 ** range.lo, range)).toBeCloseTo(MIN_WIDTH);
    expect(gradWidth(10 ** range.hi, range)).toBeCloseTo(MAX_WIDTH);
    expect(gradWidth(0, range)).toBe(MIN_WIDTH);
  });
});

it('the what-ifs: W_hh × k multiplies every recurrent matrix; the forget bias moves only LSTM f rows', () => {
  const model = { ...DEFAULT_MODEL, cell: 'rnn' as const, hiddenSize: H, numLayers: 2, bidirectional: true };
  const layout = buildLayout(model, vocab.size);
  const params = initParams(layout, createRng(1)) as Float32Array;
  const scaled = Float32Array.from(params);
  applyWhatIf(scaled, layout, model, { whhScale: 0, forgetBias: 3 }); // an RNN has no forget gate
  const ids = encode(vocab, TEXT).ids.slice(0, 6);
  const trace = traceWindow(model, scaled, vocab.size, ids, 3, 'all', true);
  // with W_hh = 0 nothing flows back through time
  for (const dirs of trace.grads!) for (const g of dirs) expect(Math.max(...g.dhNext.map(Math.abs))).toBe(0);
  const changed = params.map((p, i) => (p !== scaled[i] ? 1 : 0)).reduce((a, b) => a + b, 0);
  expect(changed).toBeLessThanOrEqual(4 * H * H);
  expect(changed).toBeGreaterThan(0);
  const lstm = { ...model, cell: 'lstm' as const };
  const lo = buildLayout(lstm, vocab.size);
  const p = initParams(lo, createRng(1)) as Float32Array;
  const biased = Float32Array.from(p);
  applyWhatIf(biased, lo, lstm, { whhScale: 1, forgetBias: 2 });
  const moved = Array.from(p.keys()).filter((i) => biased[i] !== p[i]);
  expect(moved).toHaveLength(4 * H); // 2 layers × 2 directions × H rows of f
  for (const dirs of lo.layers) for (const d of dirs) for (let j = 0; j < H; j++) expect(biased[d.bHh + H + j]).toBeCloseTo(p[d.bHh + H + j]! + 2, 6);
  // with f pushed towards 1 the cell state carries more of the gradient back
  const ids2 = encode(vocab, TEXT).ids.slice(0, 12);
  const one = { ...lstm, numLayers: 1, bidirectional: false };
  const lo1 = buildLayout(one, vocab.size);
  const p1 = initParams(lo1, createRng(2)) as Float32Array;
  const b1 = Float32Array.from(p1);
  applyWhatIf(b1, lo1, one, { whhScale: 1, forgetBias: 4 });
  const reachC = (q: Float32Array) => {
    const d = traceWindow(one, q, vocab.size, ids2, 3, 'last').layers[0]![0]!.dcNorm!;
    return d[0]! / d[d.length - 1]!;
  };
  expect(reachC(b1)).toBeGreaterThan(reachC(p1));
});
