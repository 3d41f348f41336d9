// Issue 20's pieces of the reference: the learning-rate schedules' values, the initialisations'
// properties (orthogonal W_hh blocks, identity W_hh, gate biases), the held-out split that no
// batch ever reads, the config checks, and model files with and without the training metadata.
import { describe, expect, it } from 'vitest';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL, DEFAULT_SCHEDULE, DEFAULT_TRAIN, assertValid, trainConfigErrors, type ModelConfig } from '../../src/model/config.ts';
import { initialParams, orthogonalMatrix } from '../../src/model/init.ts';
import { buildLayout, initParams, view } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { learningRateAt } from '../../src/model/schedule.ts';
import { parseLines } from '../../src/model/tasks.ts';
import { Trainer } from '../../src/model/train.ts';
import { splitLines, splitText } from '../../src/model/validation.ts';
import { buildVocab } from '../../src/model/vocab.ts';

describe('learningRateAt', () => {
  it('constant, warm-up + cosine, step decay', () => {
    expect(learningRateAt(DEFAULT_SCHEDULE, 0.1, 500)).toBe(0.1);
    const cos = { ...DEFAULT_SCHEDULE, kind: 'warmup-cosine' as const, warmupSteps: 4, decaySteps: 14, minFactor: 0.1 };
    expect([0, 1, 3].map((t) => learningRateAt(cos, 1, t))).toEqual([0.25, 0.5, 1]);
    expect(learningRateAt(cos, 1, 9)).toBeCloseTo(0.55, 12); // halfway down: 0.1 + 0.9 / 2
    expect(learningRateAt(cos, 1, 14)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(cos, 1, 1000)).toBeCloseTo(0.1, 12);
    const step = { ...DEFAULT_SCHEDULE, kind: 'step' as const, stepEvery: 10, stepFactor: 0.5 };
    expect([0, 9, 10, 25].map((t) => learningRateAt(step, 0.8, t))).toEqual([0.8, 0.8, 0.4, 0.2]);
  });
  it('a schedule that makes no sense is refused with its field', () => {
    const errs = trainConfigErrors({ ...DEFAULT_TRAIN, schedule: { ...DEFAULT_SCHEDULE, kind: 'warmup-cosine', warmupSteps: 10, decaySteps: 10 } });
    expect(errs.map((e) => [e.field, e.problem?.code])).toEqual([['decaySteps', 'range']]);
    expect(trainConfigErrors({ ...DEFAULT_TRAIN, validation: { fraction: 0.1, every: 1 } })[0]!.field).toBe('valEvery');
    expect(() => assertValid({ ...DEFAULT_MODEL, cell: 'lstm' }, { ...DEFAULT_TRAIN, init: { kind: 'identity-relu', carryBias: false } })).toThrow(/identity-relu starts a relu RNN/);
  });
});

describe('initialisations', () => {
  const H = 9;
  const lstm: ModelConfig = { ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: H, numLayers: 2, bidirectional: true };
  const layout = buildLayout(lstm, 7);
  it('pytorch is exactly the default draw', () => {
    expect(initialParams(layout, lstm, { kind: 'pytorch', carryBias: false }, 3)).toEqual(initParams(layout, createRng(3)));
  });
  it('orthogonal: every gate block of every W_hh has W Wᵀ = I to 1e-5; forget-gate bias rows 1 and 0', () => {
    const p = initialParams(layout, lstm, { kind: 'orthogonal', carryBias: true }, 3);
    for (const t of layout.tensors.filter((x) => x.name.startsWith('rnn.weight_hh'))) {
      const w = view(layout, p, t.name);
      for (let g = 0; g < 4; g++) {
        for (let i = 0; i < H; i++) {
          for (let j = 0; j < H; j++) {
            let dot = 0;
            for (let k = 0; k < H; k++) dot += w[(g * H + i) * H + k]! * w[(g * H + j) * H + k]!;
            expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThanOrEqual(1e-5);
          }
        }
      }
    }
    const bIh = view(layout, p, 'rnn.bias_ih_l1_reverse');
    const bHh = view(layout, p, 'rnn.bias_hh_l1_reverse');
    expect([...bIh.subarray(H, 2 * H)]).toEqual(Array(H).fill(1));
    expect([...bHh.subarray(H, 2 * H)]).toEqual(Array(H).fill(0));
    expect(bIh[0]).not.toBe(1); // the other gates keep PyTorch's draw
  });
  it('orthogonalMatrix: the Q of a Gaussian matrix, orthonormal rows and columns', () => {
    const q = orthogonalMatrix(5, createRng(1));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
      let dot = 0;
      for (let k = 0; k < 5; k++) dot += q[k * 5 + i]! * q[k * 5 + j]!;
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThanOrEqual(1e-12);
    }
  });
  it('GRU update-gate bias: rows z of b_ih 1, b_hh 0', () => {
    const gru: ModelConfig = { ...DEFAULT_MODEL, cell: 'gru', hiddenSize: H };
    const lo = buildLayout(gru, 5);
    const p = initialParams(lo, gru, { kind: 'pytorch', carryBias: true }, 2);
    expect([...view(lo, p, 'rnn.bias_ih_l0').subarray(H, 2 * H)]).toEqual(Array(H).fill(1));
    expect([...view(lo, p, 'rnn.bias_hh_l0').subarray(H, 2 * H)]).toEqual(Array(H).fill(0));
  });
  it('identity-relu: W_hh = I, biases 0, W_ih small (Le et al. 2015)', () => {
    const rnn: ModelConfig = { ...DEFAULT_MODEL, cell: 'rnn', nonlinearity: 'relu', hiddenSize: H };
    const lo = buildLayout(rnn, 11);
    const p = initialParams(lo, rnn, { kind: 'identity-relu', carryBias: false }, 2);
    const whh = view(lo, p, 'rnn.weight_hh_l0');
    whh.forEach((x, i) => expect(x).toBe(Math.floor(i / H) === i % H ? 1 : 0));
    expect([...view(lo, p, 'rnn.bias_ih_l0'), ...view(lo, p, 'rnn.bias_hh_l0')].every((x) => x === 0)).toBe(true);
    const wih = view(lo, p, 'rnn.weight_ih_l0');
    const std = Math.sqrt(Array.from(wih).reduce((s, x) => s + x * x, 0) / wih.length);
    expect(std).toBeGreaterThan(0.0005);
    expect(std).toBeLessThan(0.002);
  });
});

describe('the held-out split', () => {
  it('next character: the last 10%; no training batch reads it', () => {
    const text = 'abcabcabcabcabcabcabcabcabcabcabcabcXYZXYZ'; // 42 characters: the last 4 held out
    const { train, heldOut, summary } = splitText(text, { fraction: 0.1, every: 0 }, 5);
    expect([train + heldOut, heldOut, summary]).toEqual([text, 'ZXYZ', { unit: 'characters', count: 4, trained: 38, reason: null }]);
    const trainer = new Trainer({ model: { ...DEFAULT_MODEL, hiddenSize: 4 }, train: { ...DEFAULT_TRAIN, seqLen: 5, batchSize: 3 }, text: train, vocab: buildVocab(text) });
    const z = trainer.vocab.id('Z');
    for (let i = 0; i < 2 * trainer.batcher.windowsPerEpoch; i++) {
      const b = trainer.batcher.next();
      expect([...b.inputs, ...b.targets]).not.toContain(z);
    }
  });
  it('too short or off: nothing held out, and why', () => {
    expect(splitText('abcdefgh', { fraction: 0.1, every: 0 }, 3).summary.reason).toBe('tooShort'); // 0 characters
    expect(splitText('abcdefghijklmnopqrst', { fraction: 0.5, every: 0 }, 12).summary.reason).toBe('tooShort'); // 10 left, window 13
    expect(splitText('abcdefghijklmnopqrst', { fraction: 0, every: 0 }, 3)).toMatchObject({ heldOut: null, summary: { reason: 'off' } });
  });
  it('lines: every k-th line', () => {
    const { train, heldOut } = splitLines(parseLines('a\nb\nc\nd\ne\nf\ng'), { fraction: 0, every: 3 });
    expect([train.lines, heldOut]).toEqual([['a', 'b', 'd', 'e', 'g'], ['c', 'f']]);
  });
});

describe('model files and the training metadata', () => {
  const model: ModelConfig = { ...DEFAULT_MODEL, hiddenSize: 3 };
  const vocab = buildVocab('abc');
  const params = initParams(buildLayout(model, 3), createRng(1)) as Float32Array;
  it('an older file without it reads with the defaults: step 0, constant rate, PyTorch init, no split', () => {
    const file = readModelFile(writeModelFile({ model, vocab, params }));
    expect(file.training).toEqual({ step: 0, train: { ...DEFAULT_TRAIN, validation: { fraction: 0, every: 0 } } });
    expect(file.state).toBeUndefined();
  });
  it('step, seed, schedule, init and split round-trip; a bad schedule is refused', () => {
    const train = { ...DEFAULT_TRAIN, seed: 77, schedule: { ...DEFAULT_SCHEDULE, kind: 'step' as const, stepEvery: 3 }, init: { kind: 'orthogonal' as const, carryBias: true } };
    const bytes = writeModelFile({ model, vocab, params, training: { step: 12, train } });
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))))).__metadata__;
    expect(meta).toMatchObject({ step: '12', seed: '77', schedule: JSON.stringify(train.schedule), init: '{"kind":"orthogonal","carryBias":true}', validation: '{"fraction":0.1,"every":10}' });
    expect(readModelFile(bytes).training).toEqual({ step: 12, train });
    const bad = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"kind\\":\\"step', '"kind\\":\\"sawtooth'));
    expect(() => readModelFile(bad)).toThrow(/Metadata 'schedule' is not a valid schedule/);
  });
});
