// "What each unit does", its pure parts: the reference passage (src/model/passage.ts) read window
// by window with the state carried equals one unbroken forward pass for a one-way network (the
// carry loses nothing), its first window equals the window's own trace, and it keeps only whole
// windows; gate saturation (src/model/saturation.ts) against hand-counted fractions.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { passageWindows, tracePassage } from '../../src/model/passage.ts';
import { createRng } from '../../src/model/rng.ts';
import { gateSaturation, saturation, unitGates } from '../../src/model/saturation.ts';
import { traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';

const TEXT = 'to be, or not to be: that is the question.';
const vocab = buildVocab(TEXT);
const ids = encode(vocab, TEXT).ids;

function params(model: ModelConfig): Float32Array {
  return initParams(buildLayout(model, vocab.size), createRng(7)) as Float32Array;
}

describe('passage (reference)', () => {
  it('keeps whole windows only, and refuses a text under one window', () => {
    expect(passageWindows(ids, 10).map((w) => w.inputs.length)).toEqual([10, 10, 10, 10]);
    expect(Array.from(passageWindows(ids, 10)[1]!.targets)).toEqual(Array.from(ids.slice(11, 21)));
    expect(() => passageWindows(ids.slice(0, 5), 10)).toThrow(RangeError);
  });

  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}, 2 layers: windows carried with state equal one unbroken pass`, () => {
      const model = { ...DEFAULT_MODEL, cell, hiddenSize: 5, numLayers: 2 };
      const p = params(model);
      const passage = tracePassage(model, p, vocab.size, ids, 7, 3);
      expect(passage.N).toBe(35);
      const whole = traceWindow(model, p, vocab.size, ids.slice(0, 36), 3);
      for (let l = 0; l < 2; l++) {
        const [got, want] = [passage.layers[l]![0]!, whole.layers[l]![0]!];
        for (let i = 0; i < want.h.length; i++) expect(got.h[i]).toBeCloseTo(want.h[i]!, 5);
        for (let i = 0; i < want.post.length; i++) expect(got.post[i]).toBeCloseTo(want.post[i]!, 5);
        expect(got.c === null).toBe(cell !== 'lstm');
      }
      expect(Array.from(passage.topK.ids)).toEqual(Array.from(whole.topK.ids));
      expect(Array.from(passage.inputs)).toEqual(Array.from(ids.slice(0, 35)));
    });
  }

  it('bidirectional: the first window is that window on its own (the backward direction starts each window at zero)', () => {
    const model = { ...DEFAULT_MODEL, cell: 'lstm' as const, hiddenSize: 4, bidirectional: true };
    const p = params(model);
    const passage = tracePassage(model, p, vocab.size, ids, 9);
    const first = traceWindow(model, p, vocab.size, ids.slice(0, 10));
    for (const d of [0, 1]) {
      const want = first.layers[0]![d]!.h;
      Array.from(want).forEach((v, i) => expect(passage.layers[0]![d]!.h[i]).toBeCloseTo(v, 6));
    }
  });
});

describe('gate saturation', () => {
  it('counts each unit\'s steps below 0.1 and above 0.9, hand-computed', () => {
    // N = 4 steps, G = 2 gates, H = 2 units: post (4, 4), gate 1 is columns 2..3
    const post = [
      0, 0, 0.05, 0.5,
      0, 0, 0.95, 0.91,
      0, 0, 0.1, 0.92,
      0, 0, 0.02, 0.9,
    ];
    const s = gateSaturation(post, 4, 2, 2, 1, 'f');
    expect(Array.from(s.left)).toEqual([0.5, 0]); // 0.05, 0.02 (0.1 is not below 0.1)
    expect(Array.from(s.right)).toEqual([0.25, 0.5]); // 0.95 | 0.91, 0.92 (0.9 is not above 0.9)
  });

  it('reads the (0, 1) gates only: LSTM i, f, o; GRU r, z; none for the RNN', () => {
    expect(unitGates({ ...DEFAULT_MODEL, cell: 'lstm' }).map((g) => g.gate)).toEqual(['i', 'f', 'o']);
    expect(unitGates({ ...DEFAULT_MODEL, cell: 'gru' }).map((g) => [g.gate, g.index])).toEqual([['r', 0], ['z', 1]]);
    expect(saturation({ ...DEFAULT_MODEL, cell: 'rnn' }, [0.5], 1, 1)).toEqual([]);
  });
});
