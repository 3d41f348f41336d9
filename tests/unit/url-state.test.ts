import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, MAX_URL_TEXT } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { MEMORY_KINDS, memoryDefaults } from '../../src/model/memory-tasks.ts';

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
  it('ignores values the controls would refuse, keeping the rest, and names each', () => {
    const got = decodeHash('#cell=transformer&hidden=0&layers=2&lr=abc&T=12&bidir=maybe&seed=-1');
    expect(got.model).toEqual({ numLayers: 2 });
    expect(got.train).toEqual({ seqLen: 12 });
    expect(got.dropped).toEqual([
      { key: 'cell', value: 'transformer', reason: 'choice', params: { allowed: 'rnn, lstm, gru' } },
      { key: 'hidden', value: '0', reason: 'range', params: { min: 1, max: 1024 } },
      { key: 'bidir', value: 'maybe', reason: 'boolean', params: {} },
      { key: 'lr', value: 'abc', reason: 'number', params: {} },
      { key: 'seed', value: '-1', reason: 'range', params: { min: 0, max: 4294967295 } },
    ]);
  });
  it('reads numbers strictly: decimal only, no hex, exponent, padding or empty value', () => {
    const got = decodeHash('#hidden=0x10&T=1e1&B=%2032&seed=&lr=.01&clipv=2.50&layers=%2B3');
    expect(got.model).toEqual({ numLayers: 3 });
    expect(got.train).toEqual({ learningRate: 0.01, clipValue: 2.5 });
    expect(got.dropped.map((d) => `${d.key}=${d.value}:${d.reason}`)).toEqual(['hidden=0x10:number', 'T=1e1:number', 'B= 32:number', 'seed=:number']);
  });
  it('names unknown keys and tasks, and drops nothing from a link it wrote itself', () => {
    const got = decodeHash('#mode=translate&foo=1&cell=gru');
    expect(got.model).toEqual({ cell: 'gru' });
    expect(got.mode).toBeUndefined();
    expect(got.dropped).toEqual([
      { key: 'mode', value: 'translate', reason: 'choice', params: { allowed: 'lm, lines, classify, memory' } },
      { key: 'foo', value: '1', reason: 'key', params: {} },
    ]);
    expect(decodeHash(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'hello', 'lines')).dropped).toEqual([]);
    for (const task of MEMORY_KINDS) expect(decodeHash(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'hello', 'memory', memoryDefaults(task))).dropped).toEqual([]);
  });
});
