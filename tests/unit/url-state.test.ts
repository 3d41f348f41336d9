import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, MAX_URL_TEXT } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';

describe('settings in the URL hash', () => {
  it('round-trips every setting, the seed and a short text', () => {
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 77, numLayers: 3, bidirectional: true, gruVariant: 'original' as const };
    const train = { ...DEFAULT_TRAIN, seqLen: 33, batchSize: 5, learningRate: 0.0042, optimizer: 'rmsprop' as const, clipMode: 'value' as const, clipValue: 0.25, seed: 123456 };
    const hash = encodeHash(model, train, 'hi 你好 😀');
    const back = decodeHash(hash);
    expect(back.model).toEqual(model);
    expect(back.train).toEqual(train);
    expect(back.text).toBe('hi 你好 😀');
  });
  it('leaves a long text out', () => {
    expect(decodeHash(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'x'.repeat(MAX_URL_TEXT + 1))).text).toBeUndefined();
  });
  it('ignores values the controls would refuse, keeping the rest', () => {
    const got = decodeHash('#cell=transformer&hidden=0&layers=2&lr=abc&T=12&bidir=maybe&seed=-1');
    expect(got.model).toEqual({ numLayers: 2 });
    expect(got.train).toEqual({ seqLen: 12 });
  });
});
