// Chapters 5–9's live checks on real data: the forget gate's longest open stretch in a real LSTM
// trace, the GRU's and LSTM's parameter counts, the three runs' steps, the held-out accuracy, and
// the temperatures samples arrived at; every chapter's texts exist in both languages.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import type { PlaygroundState } from '../../src/store/state.ts';
import { chapterKey } from '../../src/ui/lessons/chapter.ts';
import { CHAPTERS } from '../../src/ui/lessons/chapters.ts';
import { KEEP, longestOpen, lstm } from '../../src/ui/lessons/chapters/05-lstm.ts';
import { gru, gruVsLstm } from '../../src/ui/lessons/chapters/06-gru.ts';
import { compare } from '../../src/ui/lessons/chapters/07-compare.ts';
import { layers } from '../../src/ui/lessons/chapters/08-layers.ts';
import { generation, lowAndHigh, temperatureLog } from '../../src/ui/lessons/chapters/09-generation.ts';
import { en } from '../../src/ui/messages/en.ts';
import { zh } from '../../src/ui/messages/zh-CN.ts';

/** A state with only the fields a check reads (the rest is never touched). */
const state = (s: Partial<PlaygroundState>) => s as PlaygroundState;

/** A real LSTM trace of "abcabcabcabcab" (13 steps) with every forget gate's bias set to `bias`. */
function lstmTrace(bias: number) {
  const model: ModelConfig = { ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 3, numLayers: 1, bidirectional: false };
  const text = 'abcabcabcabcab';
  const vocab = buildVocab(text);
  const layout = buildLayout(model, vocab.size);
  const params = initParams(layout, createRng(1));
  const b = layout.layers[0]![0]!.bIh;
  for (let j = 0; j < 3; j++) params[b + 3 + j] = bias; // rows H..2H: the forget gate (i, f, g, o)
  return traceWindow(model, params, vocab.size, encode(vocab, text).ids);
}

describe('chapter 5: the forget gate kept open', () => {
  it('finds the longest stretch of steps above 0.9 in a real trace', () => {
    const open = lstmTrace(6);
    const r = longestOpen(open, 'f', KEEP.above)!;
    expect(r.steps).toBe(13);
    expect(r.min).toBeGreaterThan(0.99);
    expect(longestOpen(lstmTrace(-6), 'f', KEEP.above)!.steps).toBe(0);
    expect(longestOpen(open, 'z', KEEP.above)).toBeNull();
  });

  it('lights on the latest LSTM trace, and names its unit', () => {
    const frame = { trace: lstmTrace(6) };
    const s = state({ traces: { lstm: frame as never } });
    expect(lstm.check!.seen(s)).toBe(true);
    expect(lstm.check!.values!(s)).toMatchObject({ steps: 13, unit: 1 });
    expect(lstm.check!.seen(state({ traces: { lstm: { trace: lstmTrace(-6) } as never } }))).toBe(false);
    expect(lstm.check!.values!(state({ traces: {} }))).toEqual({ steps: 0, unit: '–', min: '–' });
  });
});

describe('chapter 6: the GRU against the LSTM', () => {
  it('counts parameters from the layout: 3 gate blocks against 4, the same decoder', () => {
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 16, numLayers: 1, bidirectional: false };
    // W_ih (G·16, 6) + W_hh (G·16, 16) + two biases (G·16) + decoder (6, 16) + (6)
    expect(gruVsLstm({ model, textStats: { chars: 100, vocab: 6, task: { mode: 'lm' } } })).toEqual({ gru: 48 * 24 + 102, lstm: 64 * 24 + 102 });
    expect(gruVsLstm({ model, textStats: null })).toBeNull();
  });

  it('lights with a kept GRU run beside a reset-before GRU at 50 updates', () => {
    const model: ModelConfig = { ...DEFAULT_MODEL, cell: 'gru', gruVariant: 'original' };
    const run = (step: number, m = model) => ({ id: 'gru', model: m, points: [{ step }] }) as never;
    const kept = [{ cell: 'gru' }] as never;
    expect(gru.check!.seen(state({ kept, runs: [run(50)] }))).toBe(true);
    expect(gru.check!.seen(state({ kept, runs: [run(49)] }))).toBe(false);
    expect(gru.check!.seen(state({ kept: [], runs: [run(80)] }))).toBe(false);
    expect(gru.check!.seen(state({ kept, runs: [run(80, { ...model, gruVariant: 'pytorch' })] }))).toBe(false);
  });
});

describe('chapters 7 and 8: the runs and the held-out accuracy', () => {
  it('lights when all three runs reached 100 updates, with their latest losses', () => {
    const runs = (steps: number[]) => (['rnn', 'lstm', 'gru'] as const).map((id, i) => ({ id, points: [{ step: steps[i]!, loss: 1 + i / 4 }] })) as never;
    expect(compare.check!.seen(state({ runs: runs([100, 120, 100]) }))).toBe(true);
    expect(compare.check!.seen(state({ runs: runs([100, 99, 100]) }))).toBe(false);
    expect(compare.check!.values!(state({ runs: runs([100, 100, 100]) }))).toEqual({ steps: 100, rnn: '1.000', lstm: '1.250', gru: '1.500' });
  });

  it('lights at 50% held out, with the chance level of the labels', () => {
    const textStats: PlaygroundState['textStats'] = { chars: 1, vocab: 1, task: { mode: 'classify', labels: ['a', 'b', 'c', 'd', 'e', 'f'], vocab: 1, notes: [], count: 1, sequences: [], heldOutCount: 1, heldOut: [] } };
    const s = (...accuracies: number[]) => state({ mode: 'classify', textStats, runs: [{ evals: accuracies.map((accuracy, i) => ({ step: i, seconds: i, loss: 1, accuracy })) }] as never });
    expect(layers.check!.seen(s(0.3, 0.5))).toBe(true);
    expect(layers.check!.seen(s(0.44))).toBe(false);
    // a few held-out sentences: the accuracy moves; the best of it is what the check saw
    expect(layers.check!.seen(s(0.556, 0.389))).toBe(true);
    expect(layers.check!.values!(s(0.611, 0.389))).toEqual({ need: '50%', best: '61%', latest: '39%', chance: '17%' });
    expect(layers.check!.values!(state({ mode: 'classify', textStats, runs: [] }))).toEqual({ need: '50%', best: '–', latest: '–', chance: '17%' });
  });
});

describe('chapter 9: samples at two temperatures', () => {
  it('records each new sample once, with the temperature it arrived at', () => {
    const log = temperatureLog();
    const opts = (temperature: number) => ({ prime: '', length: 30, temperature, topK: 0, seed: 1 });
    expect(log({ sample: '', sampleStep: 0, sampleOptions: opts(0.8) })).toEqual([]);
    expect(log({ sample: 'Anna', sampleStep: 10, sampleOptions: opts(0.8) })).toEqual([0.8]);
    // the same sample read again after the slider moved is not a sample at the new temperature
    expect(log({ sample: 'Anna', sampleStep: 10, sampleOptions: opts(0.3) })).toEqual([0.8]);
    expect(log({ sample: 'Ben', sampleStep: 12, sampleOptions: opts(0.3) })).toEqual([0.8, 0.3]);
  });

  it("needs a low and a high temperature: the setup's 0.8 with one change is not enough", () => {
    expect(generation.setup.sample?.temperature).toBe(0.8);
    expect(lowAndHigh([0.8, 0.3])).toBe(false);
    expect(lowAndHigh([0.8, 1.5])).toBe(false);
    expect(lowAndHigh([0.8, 0.3, 1.5])).toBe(true);
    expect(lowAndHigh([0.5, 1.2])).toBe(true);
    expect(lowAndHigh([0.6, 1.1])).toBe(false);
  });
});

describe('chapters 5–9', () => {
  it('follow chapter 4 in order, each with its texts in both languages', () => {
    expect(CHAPTERS.slice(4).map((c) => [c.number, c.id])).toEqual([
      [5, 'lstm'],
      [6, 'gru'],
      [7, 'compare'],
      [8, 'layers'],
      [9, 'generation'],
    ]);
    for (const c of CHAPTERS.slice(4)) {
      for (const part of ['title', 'body', 'todo', 'check'] as const) {
        expect(en[chapterKey(c, part)], `${c.id}.${part}`).toBeTruthy();
        expect(zh[chapterKey(c, part)], `${c.id}.${part}`).toBeTruthy();
      }
    }
  });
});
