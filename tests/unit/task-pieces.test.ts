// The pieces that carry line and classification modes from the text to the engine and the page:
// the seeded batcher both engines share, the summary the text worker posts (and the problems it
// reports for bad input), the model a task refuses, and the task mode in a shared link.
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { SequenceBatcher } from '../../src/model/sequence-batching.ts';
import { evaluateExamples } from '../../src/model/sequence-train.ts';
import { initParams, buildLayout } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { summarizeTask, SUMMARY_SEQUENCES } from '../../src/model/task-summary.ts';
import { END, meanLength, parseExamples, parseLines, START, taskModelError } from '../../src/model/tasks.ts';
import { decode } from '../../src/model/vocab.ts';
import { showSymbol } from '../../src/ui/draw/unrolled.ts';

describe('SequenceBatcher', () => {
  it('line mode: B same-length lines per batch, inputs from the start token, targets to the end token', () => {
    const task = parseLines('ab\ncd\nxyz\nhello\n');
    const b = new SequenceBatcher(task, 3, 7);
    expect(b.lengths).toEqual([3, 4, 6]);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const { T, inputs, targets } = b.next();
      seen.add(T);
      expect(inputs).toHaveLength(T * 3);
      expect(targets).toHaveLength(T * 3);
      for (let k = 0; k < 3; k++) {
        const input = decode(task.vocab, Int32Array.from({ length: T }, (_, t) => inputs[t * 3 + k]!));
        const target = decode(task.vocab, Int32Array.from({ length: T }, (_, t) => targets[t * 3 + k]!));
        expect(input.startsWith(START)).toBe(true);
        expect(target.endsWith(END)).toBe(true);
        expect(input.slice(1)).toBe(target.slice(0, -1)); // the target is the input shifted by one
        expect(['ab', 'cd', 'xyz', 'hello']).toContain(input.slice(1));
      }
    }
    expect([...seen].sort()).toEqual([3, 4, 6]); // every bucket is drawn
  });
  it('classification: B sentences of one length and their labels; the same batches for the same seed', () => {
    const task = parseExamples('aa\tx\nbb\ty\ncc\tx\nddd\ty\neee\tx\n');
    const batches = (seed: number) => {
      const b = new SequenceBatcher(task, 2, seed);
      return Array.from({ length: 10 }, () => b.next());
    };
    for (const { T, inputs, targets } of batches(1)) {
      expect(targets).toHaveLength(2);
      for (let k = 0; k < 2; k++) {
        const text = decode(task.vocab, Int32Array.from({ length: T }, (_, t) => inputs[t * 2 + k]!));
        expect(task.train.find((e) => e.text === text)?.label).toBe(targets[k]);
      }
    }
    expect(batches(1)).toEqual(batches(1));
    expect(batches(2)).not.toEqual(batches(1));
  });
  it('mean length: what a step of whole sequences reads on average', () => {
    expect(meanLength(parseLines('ab\nabcd'))).toBe(4); // (3 + 5) / 2 with the start/end step
    expect(meanLength(parseExamples('ab\tx\nabcd\ty'))).toBe(3);
  });
});

describe('the text worker summary', () => {
  it('lines: the count, the vocabulary with both tokens, notes, and the first lines', () => {
    const s = summarizeTask('lines', 'anna\n\nbob\n');
    expect(s).toEqual({ mode: 'lines', count: 2, vocab: 6, notes: [{ code: 'emptyLinesSkipped', count: 1 }], sequences: ['anna', 'bob'] }); // a final newline is no empty line
  });
  it('classification: labels, the training and held-out counts, and the held-out examples shown', () => {
    const text = Array.from({ length: 12 }, (_, i) => `sentence ${i}\t${i % 2 ? 'odd' : 'even'}`).join('\n') + '\nalone\tsolo';
    const s = summarizeTask('classify', text);
    if (s.mode !== 'classify' || 'problem' in s) throw new Error('expected a task');
    expect(s.labels).toEqual(['even', 'odd', 'solo']);
    expect(s.count + s.heldOutCount).toBe(13);
    expect(s.heldOutCount).toBe(2); // the 5th of each label with 6 examples
    expect(s.heldOut.map((e) => e.text)).toEqual(['sentence 8', 'sentence 9']);
    expect(s.notes).toContainEqual({ code: 'singletonLabels', labels: ['solo'] });
  });
  it('bad input is a problem to show, never a throw: no label, one label, nothing, too many lines', () => {
    const problem = (mode: 'lines' | 'classify', text: string) => {
      const s = summarizeTask(mode, text);
      return 'problem' in s ? s.problem.code : null;
    };
    expect(problem('classify', 'hello there\nbye\tleave')).toBe('noLabel');
    expect(problem('classify', 'a\tx\nb\tx')).toBe('oneLabel');
    expect(problem('classify', '\n\n')).toBe('noLines');
    expect(problem('lines', '\n  \n')).toBe('noLines');
    expect(problem('lines', 'a\n'.repeat(30_000))).toBe('tooManyLines');
    expect(summarizeTask('lm', 'anything')).toEqual({ mode: 'lm' });
  });
  it('10,000 labelled lines: summarised with only the first sequences carried', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `item number ${i}\tl${i % 7}`).join('\n');
    const s = summarizeTask('classify', text);
    if (s.mode !== 'classify' || 'problem' in s) throw new Error('expected a task');
    expect(s.count + s.heldOutCount).toBe(10_000);
    expect(s.sequences).toHaveLength(SUMMARY_SEQUENCES);
    expect(s.heldOut).toHaveLength(SUMMARY_SEQUENCES);
  });
});

describe('tasks and models', () => {
  it('a line model must be one-way; a classifier may be bidirectional', () => {
    const bi = { ...DEFAULT_MODEL, bidirectional: true };
    expect(taskModelError('lines', bi)?.problem?.code).toBe('linesOneWay');
    expect(taskModelError('classify', bi)).toBeNull();
    expect(taskModelError('lm', bi)).toBeNull();
  });
  it('the held-out evaluation names the label it predicts for each sentence', () => {
    const task = parseExamples('ab\tx\nba\ty\naa\tx\nbb\ty\n');
    const model = { ...DEFAULT_MODEL, hiddenSize: 4 };
    const params = initParams(buildLayout(model, task.vocab.size, 2), createRng(3));
    const r = evaluateExamples(model, params, task, [...task.train, { text: '??', label: 0 }]);
    expect(Array.from(r.predicted.slice(0, 4)).every((p) => p === 0 || p === 1)).toBe(true);
    expect(r.predicted[4]).toBe(-1); // nothing it knows
    expect(r.accuracy).toBe(Array.from(r.predicted.slice(0, 4)).filter((p, i) => p === task.train[i]!.label).length / 4);
  });
  it('the task mode travels in a shared link (next character is the default, left out)', () => {
    expect(decodeHash(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'a\tb', 'classify')).mode).toBe('classify');
    expect(encodeHash(DEFAULT_MODEL, DEFAULT_TRAIN, 'x')).not.toContain('mode=');
    expect(decodeHash('#mode=poems').mode).toBeUndefined();
  });
  it('the start and end tokens are shown by name in every panel', () => {
    expect([showSymbol(START), showSymbol(END), showSymbol(' ')]).toEqual(['⟨s⟩', '⟨/s⟩', '␣']);
  });
});
