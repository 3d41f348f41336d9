import { describe, expect, it } from 'vitest';
import { assertValid, ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN, modelConfigErrors, parseDecimal, textErrors, trainConfigErrors } from '../../src/model/config.ts';
import { Trainer } from '../../src/model/train.ts';

const fieldOf = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return { field: (e as ConfigError).field, message: (e as ConfigError).message };
  }
  throw new Error('expected a ConfigError');
};

describe('validation names the field and says why', () => {
  it('accepts the defaults', () => {
    expect(modelConfigErrors(DEFAULT_MODEL)).toEqual([]);
    expect(trainConfigErrors(DEFAULT_TRAIN)).toEqual([]);
  });
  it.each([
    ['hiddenSize', 0, /hidden size must be between 1 and 1024/],
    ['hiddenSize', 12.5, /hidden size must be a whole number/],
    ['hiddenSize', NaN, /hidden size must be a finite number/],
    ['numLayers', 5, /layers must be between 1 and 4/],
  ] as const)('model %s = %s', (field, value, message) => {
    const errs = modelConfigErrors({ ...DEFAULT_MODEL, [field]: value });
    expect(errs).toHaveLength(1);
    expect(errs[0]!.field).toBe(field);
    expect(errs[0]!.message).toMatch(message);
  });
  it.each([
    ['seqLen', 0, /sequence length must be between 1 and 1024/],
    ['batchSize', 1000, /batch size must be between 1 and 512/],
    ['learningRate', -1, /learning rate must be between/],
    ['learningRate', Infinity, /learning rate must be a finite number/],
    ['clipValue', 0, /clip threshold must be between/],
    ['seed', -3, /seed must be between/],
  ] as const)('train %s = %s', (field, value, message) => {
    const errs = trainConfigErrors({ ...DEFAULT_TRAIN, [field]: value });
    expect(errs[0]!.field).toBe(field);
    expect(errs[0]!.message).toMatch(message);
  });
  it('ignores the clip threshold when clipping is off', () => {
    expect(trainConfigErrors({ ...DEFAULT_TRAIN, clipMode: 'none', clipValue: NaN })).toEqual([]);
  });
  it('refuses unknown choices', () => {
    expect(modelConfigErrors({ ...DEFAULT_MODEL, cell: 'transformer' as 'rnn' })[0]!.message).toMatch(/cell must be one of rnn, lstm, gru/);
  });
  it.each([
    ['', /empty/],
    ['a', /at least two characters/],
    ['aaaaaaaa', /single distinct character/],
    ['😀😀😀', /single distinct character/],
  ])('text %j', (text, message) => {
    expect(textErrors(text, 4)[0]!.message).toMatch(message);
  });
  it('suggests a sequence length for a text shorter than one window (counting code points)', () => {
    const e = textErrors('ab😀cd', 10)[0]!;
    expect(e.field).toBe('seqLen');
    expect(e.message).toMatch(/5 characters.*at most 4/);
    expect(textErrors('ab😀cd', 4)).toEqual([]);
  });
  it('the trainer refuses bad input with the ConfigError, not an unexplained exception', () => {
    expect(fieldOf(() => new Trainer({ model: DEFAULT_MODEL, train: { ...DEFAULT_TRAIN, seqLen: 50 }, text: 'hello' })).field).toBe('seqLen');
    expect(fieldOf(() => new Trainer({ model: { ...DEFAULT_MODEL, hiddenSize: -1 }, train: DEFAULT_TRAIN, text: 'hello' })).field).toBe('hiddenSize');
    expect(fieldOf(() => assertValid(DEFAULT_MODEL, DEFAULT_TRAIN, '')).field).toBe('text');
  });
});

describe('parseDecimal reads numbers as a person writes them, and nothing else', () => {
  it('takes plain decimals', () => {
    expect(['12', '-0.5', '.002', '+3', '7.', '0'].map(parseDecimal)).toEqual([12, -0.5, 0.002, 3, 7, 0]);
  });
  it('refuses hex, exponents, padding, empty strings and words (Number() takes the first five)', () => {
    for (const raw of ['0x10', '1e1', ' 5', '5 ', '', 'Infinity', 'NaN', '1,000', '--1', '.']) expect(parseDecimal(raw), raw).toBeNaN();
  });
});
