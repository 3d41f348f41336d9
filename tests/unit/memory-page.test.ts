// The memory tasks' pure pieces in the page: where the last answer gets what it needs (the
// gradient view's stored input), the token rows and their tally (right = argmax is the target),
// the gradient caption measured from the curves, the test sequences of a seed, the memory task in
// the URL hash, and the settings checks (an empty text does not stop a memory task; its knobs do).
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { lastAnswerSource } from '../../src/model/memory-evidence.ts';
import { memoryDefaults, memoryVocab, type MemoryConfig } from '../../src/model/memory-tasks.ts';
import { encode } from '../../src/model/vocab.ts';
import { memoryTestTexts } from '../../src/store/memory-check.ts';
import { settingsError } from '../../src/store/runs.ts';
import type { PlaygroundState } from '../../src/store/state.ts';
import { memoryVerdict } from '../../src/ui/panels/gradient-caption.ts';
import { answerCells, sequenceCells, tally } from '../../src/ui/panels/memory-answers.ts';

describe('memory tasks in the page', () => {
  it('finds the input the last answer needs, task by task', () => {
    const at = (c: MemoryConfig, text: string, targets: number[]) => lastAnswerSource(c, memoryVocab(c).symbols, encode(memoryVocab(c), text).ids, targets);
    const copy = { ...memoryDefaults('copy'), length: 3, delay: 2 };
    // a b c _ _ : _ _ _  -> answers at 6, 7, 8; the last copies c (step 2)
    expect(at(copy, 'abc__:___', [-1, -1, -1, -1, -1, -1, 0, 1, 2])).toEqual({ answer: 8, source: 2 });
    expect(at(memoryDefaults('recall'), 'cadba?', [-1, -1, -1, -1, -1, 2])).toEqual({ answer: 5, source: 0 });
    expect(at({ ...memoryDefaults('parity'), length: 3 }, '101=', [-1, -1, -1, 0])).toEqual({ answer: 3, source: 0 });
    // ( [ _ ( _ _ : the last blank closes the first (
    expect(at({ ...memoryDefaults('brackets'), depth: 2 }, '([_(__', [-1, -1, 3, -1, 1, 1])).toEqual({ answer: 5, source: 0 });
    expect(at({ ...memoryDefaults('brackets'), depth: 2 }, '([_(__', [-1, -1, 3, -1, 1, -1])).toEqual({ answer: 4, source: 3 });
    expect(at({ ...memoryDefaults('order'), delay: 6 }, 'aXcbYd?', [-1, -1, -1, -1, -1, -1, 4])).toEqual({ answer: 6, source: 1 });
    expect(at(memoryDefaults('recall'), 'cadba?', [-1, -1, -1, -1, -1, -1])).toBeNull();
  });

  it('builds token rows: the answers asked, the run right where its top guess is the answer', () => {
    const c = { ...memoryDefaults('order'), symbols: 2, delay: 2 };
    const { symbols } = memoryVocab(c);
    const id = (s: string) => symbols.indexOf(s);
    const inputs = Int32Array.from('XY?', (s) => id(s));
    const targets = Int32Array.of(-1, -1, id('1'));
    expect(sequenceCells(c, symbols, inputs, targets)).toEqual([
      { input: 'X', answer: null },
      { input: 'Y', answer: null },
      { input: '?', answer: 'XY' }, // order's answers read as the pair they stand for
    ]);
    const topK = { k: 2, ids: Int32Array.of(0, 1, 0, 1, id('2'), id('1')), probs: Float32Array.of(0.5, 0.5, 0.5, 0.5, 0.625, 0.25) };
    const cells = answerCells(c, symbols, { inputs, targets, topK, targetProbs: Float32Array.of(NaN, NaN, 0.25) });
    expect(cells[2]).toEqual({ input: '?', answer: 'XY', p: 0.25, right: false, top: [{ token: 'YX', p: 0.625 }, { token: 'XY', p: 0.25 }] });
    expect(tally([cells])).toEqual({ right: 0, asked: 1 });
    const rightCells = answerCells(c, symbols, { inputs, targets, topK: { ...topK, ids: Int32Array.of(0, 1, 0, 1, id('1'), id('2')) }, targetProbs: Float32Array.of(NaN, NaN, 0.625) });
    expect(tally([cells, rightCells])).toEqual({ right: 1, asked: 2 });
  });

  it('words the gradient caption from the measured reach of the last answer back to its input', () => {
    const rnn = { cell: 'rnn' as const, of: 'h' as const, values: [1e-4, 1e-3, 1e-2, 1] };
    const lstm = { cell: 'lstm' as const, of: 'h' as const, values: [0.2, 0.4, 0.6, 1] };
    const lstmC = { cell: 'lstm' as const, of: 'c' as const, values: [0.5, 0.6, 0.8, 2] };
    expect(memoryVerdict([rnn, lstm, lstmC], 3, 0)).toEqual({
      key: 'grad.memoryCompare',
      vars: { answer: 4, source: 1, d: 3, list: 'RNN ×1.0e-4, LSTM ×2.0e-1, LSTM ‖∂L/∂c‖ ×2.5e-1', best: 'LSTM ‖∂L/∂c‖', worst: 'RNN' },
    });
    // the opposite of the textbook is said as measured
    expect(memoryVerdict([{ ...rnn, values: [0.9, 1, 1, 1] }, lstm], 3, 0)?.vars).toMatchObject({ best: 'RNN', worst: 'LSTM' });
    expect(memoryVerdict([rnn], 3, 0)?.key).toBe('grad.memoryVanished');
    expect(memoryVerdict([lstm], 3, 1)).toEqual({ key: 'grad.memoryReaches', vars: { answer: 4, source: 2, d: 2, list: 'LSTM ×4.0e-1' } });
    expect(memoryVerdict([lstm], 2, 2)).toBeNull(); // nothing between the answer and its input
  });

  it('draws the same test sequences from the same seed, none while the knobs are not valid', () => {
    const c = { ...memoryDefaults('copy'), length: 2, delay: 3 };
    const texts = memoryTestTexts(c, 5);
    expect(texts).toHaveLength(4);
    expect(texts).toEqual(memoryTestTexts(c, 5));
    expect(texts).not.toEqual(memoryTestTexts(c, 6));
    for (const t of texts) expect(t).toMatch(/^[a-h]{2}___:__$/);
    expect(memoryTestTexts({ ...c, delay: 5000 }, 5)).toEqual([]);
  });

  it('carries the memory task in the URL hash: its task and the knobs it reads, each checked', () => {
    const memory = { ...memoryDefaults('copy'), delay: 40, symbols: 6, length: 4 };
    const hash = encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'x', 'memory', memory);
    expect(hash).toContain('mode=memory&task=copy&length=4&symbols=6&delay=40');
    expect(decodeHash(hash).memory).toEqual(memory);
    expect(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'x', 'lm', memory)).not.toContain('task=');
    const bad = decodeHash('#mode=memory&task=recall&delay=5000&symbols=1.5&depth=2');
    expect(bad.memory).toEqual(memoryDefaults('recall'));
    expect(bad.dropped).toEqual([
      { key: 'symbols', value: '1.5', reason: 'integer', params: {} },
      { key: 'delay', value: '5000', reason: 'range', params: { min: 0, max: 1022 } },
      { key: 'depth', value: '2', reason: 'key', params: {} }, // recall reads no depth
    ]);
    expect(decodeHash('#task=sorting').dropped).toEqual([{ key: 'task', value: 'sorting', reason: 'choice', params: { allowed: 'copy, recall, parity, brackets, counting, order' } }]);
  });

  it('lets a memory task train on an empty text, and names the knob at fault', () => {
    const base = { model: DEFAULT_MODEL, train: DEFAULT_TRAIN, text: '', mode: 'memory', memory: memoryDefaults('recall') } as unknown as PlaygroundState;
    expect(settingsError(base)).toBeNull();
    expect(settingsError({ ...base, mode: 'lm' })?.field).toBe('text');
    expect(settingsError({ ...base, memory: { ...base.memory, delay: 2000 } })).toMatchObject({ field: 'delay', problem: { code: 'memoryWindow', params: { max: 1022 } } });
  });
});
