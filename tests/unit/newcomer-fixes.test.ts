// The ten things a newcomer tripped on (issue 16), where the logic is pure: the loss chart's
// ticks and labels, the gradient chart's last label, a loss that climbs far above its start, a
// preset's sample options, the inspected window's time steps, the tint's numbers beside the
// training loss, step mode's positions not computed yet, the classifier's label box, and what
// a preset or a task change leaves behind.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { climbed } from '../../src/engine/run.ts';
import type { ToWorker } from '../../src/engine/protocol.ts';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceSentence, traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import { dispatch } from '../../src/store/dispatch.ts';
import { tintSummary, windowSteps } from '../../src/store/inspect.ts';
import { PRESETS } from '../../src/store/presets.ts';
import { DEFAULT_SAMPLE_OPTIONS } from '../../src/store/settings.ts';
import { useStore } from '../../src/store/store.ts';
import { runView } from '../../src/store/state.ts';
import { isComputed, type TraceFrame } from '../../src/store/traces.ts';
import { axisTicks, axisWidth, tickLabel } from '../../src/ui/draw/axis-ticks.ts';
import { stepLabels } from '../../src/ui/draw/log-lines.ts';
import { frameFromStepper } from '../../src/ui/draw/step-frame.ts';
import { layoutFor, labelBox } from '../../src/ui/draw/unrolled.ts';
import { equations } from '../../src/ui/panels/GateInspector.tsx';

describe('bug 2: loss chart y labels keep every digit', () => {
  it('labels a loss of 60 as whole tens, in an axis wide enough for them', () => {
    const y = axisTicks(0, 58.3, 8, 'zero');
    expect(y.ticks.at(-1)).toBeGreaterThanOrEqual(58.3);
    const labels = y.ticks.map((v) => tickLabel(v, y.step));
    expect(labels).toEqual(['0', '10', '20', '30', '40', '50', '60']);
    // 12 px digits are at most 7.5 px wide: the axis holds the longest label and its tick
    expect(axisWidth(labels)).toBeGreaterThanOrEqual(2 * 7.5 + 8);
    expect(axisWidth(['120.5'])).toBeGreaterThan(axisWidth(['60']));
  });

  it('writes small losses with the decimals their step needs', () => {
    const y = axisTicks(0, 2.3, 6, 'zero');
    expect(y.ticks.map((v) => tickLabel(v, y.step))).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0', '2.5']);
    const tiny = axisTicks(0, 0.023, 5, 'zero');
    expect(tiny.ticks.map((v) => tickLabel(v, tiny.step))).toEqual(['0.00', '0.01', '0.02', '0.03']);
    // a step of 2.5 keeps its half: 7.5, never a rounded 8
    expect(axisTicks(0, 9, 5, 'zero').ticks.map((v) => tickLabel(v, 2.5))).toEqual(['0.0', '2.5', '5.0', '7.5', '10.0']);
  });
});

describe('bug 4: the last x label never meets the one before it', () => {
  it('puts round steps inside the data, evenly spaced, no more than there is room for', () => {
    for (const [lo, hi, room] of [[1, 480, 8], [1, 604, 8], [3, 451, 5], [1, 2, 4], [10, 10_000, 6]] as const) {
      const x = axisTicks(lo, hi, room, 'data', true);
      expect(x.ticks.length).toBeLessThanOrEqual(room);
      expect(x.ticks[0]).toBeGreaterThanOrEqual(lo);
      expect(x.ticks.at(-1)).toBeLessThanOrEqual(hi);
      const gaps = x.ticks.slice(1).map((v, i) => v - x.ticks[i]!);
      expect(new Set(gaps).size).toBeLessThanOrEqual(1); // even spacing: the last tick is no closer
      expect(x.ticks.every(Number.isInteger)).toBe(true);
    }
  });

  it('in the gradient chart, labels T in place of a step too close before it', () => {
    expect(stepLabels(32, 4)).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 32]);
    expect(stepLabels(30, 4)).toEqual([1, 5, 9, 13, 17, 21, 25, 30]); // 29 and 30 would touch
    expect(stepLabels(16, 1)).toHaveLength(16);
    expect(stepLabels(1, 3)).toEqual([1]);
  });
});

describe('bug 3: a loss climbing far above its start is a divergence', () => {
  it('flags 58 nats after a start of 4.2, not an ordinary rise', () => {
    expect(climbed(4.2, 58)).toBe(true);
    expect(climbed(4.2, 6.5)).toBe(false);
    expect(climbed(1.39, 4.5)).toBe(false); // "hello": a few nats above a small start is still training
    expect(climbed(1.39, 9)).toBe(true);
    expect(climbed(NaN, 100)).toBe(false); // no start recorded yet
  });
});

describe('the store', () => {
  const sent: ToWorker[] = [];
  const initial = useStore.getState();
  beforeEach(() => {
    vi.useFakeTimers();
    sent.length = 0;
    useStore.setState({ ...initial, send: (m) => void sent.push(m) }, true);
  });
  afterEach(() => {
    dispatch(useStore.getState(), { type: 'running', running: false });
    vi.useRealTimers();
  });

  it("bug 7: a preset's sample options do not stay on for the next text", () => {
    const { applyPreset, setText, setSampleOptions } = useStore.getState();
    applyPreset('hello');
    expect(useStore.getState().sampleOptions).toMatchObject({ prime: 'h', length: 4, temperature: 0 });
    applyPreset('english');
    expect(useStore.getState().sampleOptions).toEqual(DEFAULT_SAMPLE_OPTIONS);
    applyPreset('hello');
    setText('the cat sat on the mat');
    expect(useStore.getState().sampleOptions).toEqual(DEFAULT_SAMPLE_OPTIONS);
    // options the person chose are theirs, whatever the text
    applyPreset('hello');
    setSampleOptions({ length: 50 });
    setText('hello there');
    expect(useStore.getState().sampleOptions).toMatchObject({ prime: 'h', length: 50 });
  });

  it("bug 1: a preset or a task change drops the old runs' traces, tint and stepper", () => {
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 4, bidirectional: true };
    const vocab = buildVocab('what time is it');
    const trace = traceSentence(model, initParams(buildLayout(model, vocab.size, 2), createRng(1)), vocab.size, 2, encode(vocab, 'what').ids);
    useStore.setState({ runs: [runView('gru', model)], status: 'ready', stale: false });
    useStore.setState({ traces: { gru: { runId: 'gru', step: 3, model, symbols: vocab.symbols, labels: ['a', 'b'], trace, lossAt: 'all', arrivedAt: 0 } }, tint: { runId: 'gru', step: 3, symbols: [], probs: new Float32Array(1) } });
    useStore.setState({ stepper: { runId: 'gru', ticks: [], symbols: [], ids: new Int32Array(2), labels: [], vocabSize: 3, states: [], shown: 0, backward: null } });
    useStore.getState().applyPreset('names');
    expect(useStore.getState()).toMatchObject({ traces: {}, tint: null, stepper: null, runs: [] });
    useStore.setState({ traces: { gru: useStore.getState().traces.gru! } });
    useStore.getState().setMode('classify');
    expect(useStore.getState().traces).toEqual({});
  });

  it('the long-range preset inspects the window that ends at the recall, with the last step\'s loss', () => {
    useStore.getState().applyPreset('memory');
    const { inspect, text } = useStore.getState();
    expect(inspect).toMatchObject({ offset: 0, lossAt: 'last' });
    expect(windowSteps(text, 0, inspect.length)).toBe(inspect.length);
    const line = text.split('\n')[0]!;
    expect(line[0]).toBe(line.at(-1)); // the last target is the first letter again
    expect(line.length).toBe(inspect.length + 1);
    expect(PRESETS.memory.text.split('\n').length).toBeGreaterThan(100);
    // the next preset looks at its own text afresh: no window, loss or what-if carried over
    useStore.getState().setInspect({ whhScale: 0.5, forgetBias: 2 });
    useStore.getState().applyPreset('english');
    expect(useStore.getState().inspect).toMatchObject({ offset: 0, length: 16, lossAt: 'all', whhScale: 1, forgetBias: 0 });
  });
});

describe('bug 10: the time steps of the inspected window', () => {
  it('are what the text has, not what the slider asks for', () => {
    expect(windowSteps('hello', 0, 16)).toBe(4);
    expect(windowSteps('hello', 2, 16)).toBe(2);
    expect(windowSteps('a'.repeat(100), 10, 16)).toBe(16);
    expect(windowSteps('诗'.repeat(5), 0, 16)).toBe(4); // code points, not UTF-16 units
  });
});

describe('bug 9: the tint in the training loss\'s terms', () => {
  it('gives the loss of its probabilities and the per-character probability that loss stands for', () => {
    const probs = Float32Array.from([...new Array(18).fill(0.99), 0.2, 0.3]);
    const s = tintSummary(probs);
    expect(s.mean).toBeCloseTo((18 * 0.99 + 0.5) / 20, 6);
    expect(s.loss).toBeCloseTo(-(18 * Math.log(0.99) + Math.log(0.2) + Math.log(0.3)) / 20, 6);
    expect(s.perChar).toBeCloseTo(Math.exp(-s.loss), 9);
    expect(s.perChar).toBeLessThan(s.mean); // the geometric mean is never above the plain one
    expect(tintSummary(new Float32Array(20).fill(Math.exp(-0.023))).perChar).toBeCloseTo(0.977, 3);
  });
});

const lstm = { ...DEFAULT_MODEL, cell: 'lstm' as const, hiddenSize: 3 };

describe('bug 5: step mode never shows placeholder zeros as values', () => {
  it('marks what step mode has computed; the equations elsewhere have no numbers', () => {
    const vocab = buildVocab('hello');
    const ids = encode(vocab, 'hello').ids;
    const st = { runId: 'lstm', ticks: [0, 1, 2, 3].map((s) => ({ layer: 0, s })), symbols: vocab.symbols, labels: [], ids, vocabSize: vocab.size, states: [], shown: 0, backward: null };
    const empty = frameFromStepper(st, lstm);
    expect(isComputed(empty, 0, 0, 0)).toBe(false);
    const lines = equations(empty, 0, 0, 0, 1);
    expect(lines).toHaveLength(6);
    for (const l of lines) {
      expect(l.tex).not.toMatch(/\d\.\d/); // no "0.000", no "tanh(0.000)"
      expect(l.tex.split(' = ').length).toBeLessThanOrEqual(3);
    }
    expect(lines[0]!.tex).toBe('i_t = \\sigma(W_{ii}x_t + W_{hi}h_{t-1} + b_i)');
    const G = 4 * 3;
    const state = { tick: 0, layer: 0, s: 0, dirs: [{ t: 0, pre: new Float32Array(G).fill(0.5), post: new Float32Array(G).fill(0.25), h: new Float32Array(3).fill(0.1), c: new Float32Array(3).fill(0.2) }], probs: null };
    const one = frameFromStepper({ ...st, states: [state], shown: 1 }, lstm);
    expect([isComputed(one, 0, 0, 0), isComputed(one, 0, 0, 1)]).toEqual([true, false]);
    expect(equations(one, 0, 0, 0, 1)[4]!.tex).toContain('= 0.2000');
  });
});

describe("bug 6: the classifier's label box stays inside the canvas", () => {
  it('ends inside the width for any window and direction', () => {
    for (const bidirectional of [false, true]) {
      const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 4, bidirectional };
      const vocab = buildVocab('set an alarm for six thirty please');
      for (const text of ['hi', 'set an alarm for six thirty please']) {
        const trace = traceSentence(model, initParams(buildLayout(model, vocab.size, 3), createRng(1)), vocab.size, 3, encode(vocab, text).ids);
        const f: TraceFrame = { runId: 'gru', step: 1, model, symbols: vocab.symbols, labels: ['play_music', 'set_alarm', 'weather'], trace, lossAt: 'all', arrivedAt: 0 };
        const lay = layoutFor(f);
        const box = labelBox(f, lay);
        expect(box.x).toBeGreaterThan(0);
        expect(box.x + box.w).toBeLessThanOrEqual(lay.width - 4);
        expect(box.w).toBeGreaterThanOrEqual(100); // "100% play_music" at 11 px
      }
    }
  });
});

it('a trace with every unit\'s BPTT numbers has the same forward numbers as one without', () => {
  const vocab = buildVocab('hello world');
  const params = initParams(buildLayout(lstm, vocab.size), createRng(4));
  const ids = encode(vocab, 'hello world').ids;
  const a = traceWindow(lstm, params, vocab.size, ids);
  const b = traceWindow(lstm, params, vocab.size, ids, 5, 'all', true);
  expect(b.layers[0]![0]!.h).toEqual(a.layers[0]![0]!.h);
  expect(a.grads).toBeUndefined();
});
