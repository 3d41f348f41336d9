// The memory tasks on the reference: each generator's sequences follow their task's rule (checked
// against a rule written out here, position by position), the same seed draws the same sequences,
// knobs out of range or sequences too long for the window are refused at their knob (with the
// largest value that fits), the chance levels, accuracy on the answer positions only, model
// files that carry their task, and a CPU run that learns recall where a blind guess cannot.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { accuracyOf } from '../../src/model/loss.ts';
import { answerTargets, drawSequences, MemoryBatcher } from '../../src/model/memory-generators.ts';
import { chanceLevel, MAX_MEMORY_LENGTH, MEMORY_KINDS, memoryConfigErrors, memoryDefaults, memoryLength, memoryVocab, tokenLabel, type MemoryConfig } from '../../src/model/memory-tasks.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { memoryTask } from '../../src/model/tasks.ts';
import { decode, encode } from '../../src/model/vocab.ts';

const text = (c: MemoryConfig, ids: Int32Array) => decode(memoryVocab(c), ids);
/** Targets as text, '-' where nothing is asked. */
const answers = (c: MemoryConfig, targets: Int32Array) => Array.from(targets, (y) => (y < 0 ? '-' : memoryVocab(c).symbols[y]!)).join('');

describe('each generator follows its task', () => {
  it('copy: k symbols, D blanks, the go marker, then the k symbols are asked in order', () => {
    const c = { ...memoryDefaults('copy'), length: 3, delay: 4, symbols: 5 };
    for (const s of drawSequences(c, 20, 1)) {
      const x = text(c, s.inputs);
      expect(x).toMatch(/^[a-e]{3}_{4}:_{3}$/);
      expect(answers(c, s.targets)).toBe('-'.repeat(8) + x.slice(0, 3));
    }
  });
  it('recall: the first symbol is asked at the query, after D distractors', () => {
    const c = { ...memoryDefaults('recall'), delay: 6, symbols: 3 };
    for (const s of drawSequences(c, 20, 2)) {
      const x = text(c, s.inputs);
      expect(x).toMatch(/^[a-c]{7}\?$/);
      expect(answers(c, s.targets)).toBe('-'.repeat(7) + x[0]);
    }
  });
  it('parity: N bits, then their parity is asked at =', () => {
    const c = { ...memoryDefaults('parity'), length: 9 };
    const seqs = drawSequences(c, 40, 3);
    for (const s of seqs) {
      const x = text(c, s.inputs);
      expect(x).toMatch(/^[01]{9}=$/);
      expect(answers(c, s.targets)).toBe('-'.repeat(9) + String([...x].filter((b) => b === '1').length % 2));
    }
    expect(new Set(seqs.map((s) => answers(c, s.targets).at(-1))).size).toBe(2); // both answers occur
  });
  it('brackets: balanced, never deeper than --depth, each blank asks for the innermost closer', () => {
    const c = { ...memoryDefaults('brackets'), depth: 3 };
    let deepest = 0;
    for (const s of drawSequences(c, 50, 4)) {
      const x = text(c, s.inputs);
      const y = answers(c, s.targets);
      expect(x).toHaveLength(12);
      const open: string[] = [];
      for (let t = 0; t < x.length; t++) {
        if (x[t] === '(' || x[t] === '[') {
          open.push(x[t] === '(' ? ')' : ']');
          expect(y[t]).toBe('-');
        } else expect(y[t]).toBe(open.pop());
        deepest = Math.max(deepest, open.length);
        expect(open.length).toBeLessThanOrEqual(3);
      }
      expect(open).toEqual([]);
    }
    expect(deepest).toBe(3);
  });
  it('counting: n a, the go marker, n b and the end are asked (n + 1 answers), padded to 2L + 1', () => {
    const c = { ...memoryDefaults('counting'), length: 5 };
    const ns = new Set<number>();
    for (const s of drawSequences(c, 40, 5)) {
      const x = text(c, s.inputs);
      const n = x.indexOf(':');
      ns.add(n);
      expect(x).toBe('a'.repeat(n) + ':' + 'b'.repeat(n) + '_'.repeat(10 - 2 * n));
      expect(answers(c, s.targets)).toBe('-'.repeat(n) + 'b'.repeat(n) + '.' + '-'.repeat(10 - 2 * n));
    }
    expect([...ns].sort()).toEqual([1, 2, 3, 4, 5]);
  });
  it('order: X or Y in each half of D distractors; the query asks which pair, in order', () => {
    const c = { ...memoryDefaults('order'), delay: 8, symbols: 3 };
    const seen = new Set<string>();
    for (const s of drawSequences(c, 60, 6)) {
      const x = text(c, s.inputs);
      expect(x).toMatch(/^[a-cXY]{8}\?$/);
      const marks = [...x].filter((ch) => ch === 'X' || ch === 'Y').join('');
      expect(marks).toHaveLength(2);
      expect(x.slice(0, 4)).toMatch(/[XY]/);
      const answer = answers(c, s.targets).at(-1)!;
      expect(tokenLabel(c, answer)).toBe(marks);
      seen.add(marks);
    }
    expect([...seen].sort()).toEqual(['XX', 'XY', 'YX', 'YY']);
  });
  it('answerTargets reads a typed sequence by the same rule', () => {
    const c = { ...memoryDefaults('brackets'), depth: 2 };
    expect(answers(c, answerTargets(c, memoryVocab(c), encode(memoryVocab(c), '([__(_').ids))).toBe('--])-)');
    const k = memoryDefaults('counting');
    expect(answers(k, answerTargets(k, memoryVocab(k), encode(memoryVocab(k), 'aa:bb_').ids))).toBe('--bb.-');
  });
});

describe('the knobs', () => {
  it('the same seed draws the same sequences; batches are time-major and fresh', () => {
    for (const task of MEMORY_KINDS) {
      const c = memoryDefaults(task);
      expect(drawSequences(c, 5, 7)).toEqual(drawSequences(c, 5, 7));
      const b = new MemoryBatcher(c, 4, 1);
      const [one, two] = [b.next(), b.next()];
      expect(one.T).toBe(memoryLength(c));
      expect(one.inputs).toHaveLength(4 * one.T);
      expect(one.inputs).not.toEqual(two.inputs);
    }
  });
  it('out of range or too long for the window: refused at the knob, with the largest value that fits', () => {
    expect(memoryConfigErrors({ ...memoryDefaults('recall'), symbols: 27 })[0]).toMatchObject({ field: 'symbols', problem: { code: 'range', params: { min: 2, max: 26 } } });
    expect(memoryConfigErrors({ ...memoryDefaults('copy'), length: 2.5 })[0]).toMatchObject({ field: 'length', problem: { code: 'notInteger' } });
    const long = memoryConfigErrors({ ...memoryDefaults('copy'), length: 5, delay: 5000 })[0]!;
    expect(long).toMatchObject({ field: 'delay', problem: { code: 'memoryWindow', params: { length: 5011, window: MAX_MEMORY_LENGTH, max: MAX_MEMORY_LENGTH - 11 } } });
    expect(memoryConfigErrors({ ...memoryDefaults('copy'), delay: MAX_MEMORY_LENGTH - 11 })).toEqual([]);
    expect(memoryConfigErrors({ ...memoryDefaults('brackets'), depth: 300 })[0]).toMatchObject({ field: 'depth', problem: { params: { max: 256 } } });
    expect(memoryConfigErrors({ ...memoryDefaults('parity'), symbols: 99 })).toEqual([]); // a knob parity does not read
  });
  it('chance: one in n symbols, a coin, one in four, and counting\'s always-b', () => {
    expect(chanceLevel({ ...memoryDefaults('copy'), symbols: 8 })).toBe(1 / 8);
    expect(chanceLevel(memoryDefaults('parity'))).toBe(0.5);
    expect(chanceLevel(memoryDefaults('order'))).toBe(0.25);
    // always writing b: right at n of the n + 1 answers, n uniform in 1..L, pooled over sequences
    const c = { ...memoryDefaults('counting'), length: 6 };
    const seqs = drawSequences(c, 4000, 8);
    const b = memoryVocab(c).id('b');
    const [right, all] = seqs.reduce(([r, a], s) => [r + s.targets.filter((y) => y === b).length, a + s.targets.filter((y) => y >= 0).length], [0, 0]);
    expect(right / all).toBeCloseTo(chanceLevel(c), 2);
  });
});

describe('accuracy and training', () => {
  it('accuracyOf counts only rows whose target counts; ties go to the lower id', () => {
    const probs = Float32Array.of(0.5, 0.5, 0, 0.1, 0.2, 0.7, 0.3, 0.3, 0.4);
    expect(accuracyOf(probs, 3, 3, Int32Array.of(0, 2, -1))).toBe(1);
    expect(accuracyOf(probs, 3, 3, Int32Array.of(1, -1, 2))).toBe(0.5);
    expect(Number.isNaN(accuracyOf(probs, 3, 3, Int32Array.of(-1, -1, -1)))).toBe(true);
  });
  it('a model file keeps its memory task', () => {
    const c = { ...memoryDefaults('order'), delay: 12 };
    const vocab = memoryVocab(c);
    const model = { ...DEFAULT_MODEL, hiddenSize: 4 };
    const params = Float32Array.from(initParams(buildLayout(model, vocab.size), createRng(1)));
    const back = readModelFile(writeModelFile({ model, vocab, params, mode: 'memory', memory: c }));
    expect(back).toMatchObject({ mode: 'memory', memory: c });
    const other = writeModelFile({ model, vocab, params, mode: 'memory', memory: { ...c, symbols: 5 } });
    expect(() => readModelFile(other)).toThrow(/vocabulary is not the order task's/);
  });
  it('an LSTM on the CPU learns recall over 3 steps: accuracy far above the chance of 1 in 4', async () => {
    const c = { ...memoryDefaults('recall'), delay: 3, symbols: 4 };
    const be = new CpuBackend();
    await be.init({ model: { ...DEFAULT_MODEL, hiddenSize: 16 }, train: { ...DEFAULT_TRAIN, batchSize: 16, learningRate: 0.02 }, text: '', task: memoryTask(c) });
    const acc: number[] = [];
    for (let i = 0; i < 150; i++) acc.push((await be.trainStep()).accuracy!);
    const last = acc.slice(-20).reduce((a, b) => a + b, 0) / 20;
    expect(acc.slice(0, 10).reduce((a, b) => a + b, 0) / 10).toBeLessThan(0.5);
    expect(last).toBeGreaterThan(0.9);
  });
});
