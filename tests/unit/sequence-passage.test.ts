// "What each unit does" for a task's runs, its pure parts: a passage of sequences (the reference,
// src/model/passage.ts) is each sequence's own zero-state trace joined one after the other (lines
// from their start token, a classifier's label probabilities at each sentence's end, a memory
// task's answers asked only where it asks), features start afresh at each sequence, and the page
// asks for the sequences it should (src/store/units.ts passageAsk): the text's lines and
// sentences from the chosen one, a memory task's test sequences first.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { passageSequences, sequenceAt, traceSequencePassage } from '../../src/model/passage.ts';
import { createRng } from '../../src/model/rng.ts';
import { summarizeTask } from '../../src/model/task-summary.ts';
import { END, memoryTask, parseExamples, parseLines, START, type SequenceTask } from '../../src/model/tasks.ts';
import { traceSentence, traceSequence, traceInputs } from '../../src/model/trace.ts';
import { passageFeatures, rankByFeatures } from '../../src/model/unit-features.ts';
import { encode } from '../../src/model/vocab.ts';
import { memoryTestTexts } from '../../src/store/memory-check.ts';
import { passageAsk } from '../../src/store/units.ts';

const LINES_TEXT = 'ab\n(hi) there\nquick "fox"\nxyz\n';
const EXAMPLES_TEXT = 'turn on the light\ton\nlights off\toff\nwho are you\task\non\ton\nswitch it off\toff\nwhy\task\n';

function params(model: ModelConfig, V: number, labels = 0): Float32Array {
  return initParams(buildLayout(model, V, labels), createRng(5)) as Float32Array;
}

/** Every (layer, direction)'s states of one sequence's trace equal the passage's rows from `at`. */
function expectRows(passage: ReturnType<typeof traceSequencePassage>, at: number, trace: ReturnType<typeof traceSequence>) {
  trace.layers.forEach((dirs, l) =>
    dirs.forEach((want, d) => {
      const got = passage.layers[l]![d]!;
      const H = trace.H;
      const GH = want.post.length / trace.T;
      Array.from(want.h).forEach((v, i) => expect(got.h[at * H + i]).toBeCloseTo(v, 6));
      Array.from(want.post).forEach((v, i) => expect(got.post[at * GH + i]).toBeCloseTo(v, 6));
      if (want.c) Array.from(want.c).forEach((v, i) => expect(got.c![at * H + i]).toBeCloseTo(v, 6));
    }),
  );
}

describe('a passage of sequences (reference)', () => {
  it('lines: each from its start token and a zero state, one after the other', () => {
    const task = parseLines(LINES_TEXT);
    const model = { ...DEFAULT_MODEL, cell: 'lstm' as const, hiddenSize: 4, numLayers: 2 };
    const V = task.vocab.size;
    const p = params(model, V);
    const texts = task.lines.map((l) => START + l + END);
    const seqs = passageSequences(task.vocab, task, texts);
    const passage = traceSequencePassage(model, p, V, 0, seqs, 3);
    expect(passage.reading).toEqual({ kind: 'sequences', starts: Int32Array.from([0, 3, 14, 26]), labelProbs: null });
    expect(passage.N).toBe(30); // 2 + 1, 10 + 1, 11 + 1, 3 + 1
    expect(passage.inputs[3]).toBe(encode(task.vocab, START).ids[0]);
    for (const [s, seq] of seqs.entries()) {
      const want = traceSequence(model, p, V, seq.inputs, seq.targets, 3);
      const at = passage.reading.kind === 'sequences' ? passage.reading.starts[s]! : -1;
      expectRows(passage, at, want);
      expect(Array.from(passage.topK.ids.subarray(at * 3, (at + seq.inputs.length) * 3))).toEqual(Array.from(want.topK.ids));
      expect(passage.targets[at + seq.inputs.length - 1]).toBe(encode(task.vocab, END).ids[0]);
    }
    expect([0, 2, 3, 13, 14, 29].map((i) => sequenceAt(Int32Array.from([0, 3, 14, 26]), i))).toEqual([0, 0, 1, 1, 2, 3]);
  });

  it('a bidirectional classifier: each sentence alone, its label probabilities at its end', () => {
    const task = parseExamples(EXAMPLES_TEXT);
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 3, bidirectional: true };
    const V = task.vocab.size;
    const C = task.labels.length;
    const p = params(model, V, C);
    const texts = ['who are you', 'on', 'lights off'];
    const passage = traceSequencePassage(model, p, V, C, passageSequences(task.vocab, task, texts));
    expect(passage.topK.k).toBe(0);
    expect(Array.from(passage.targets).every((v) => v === -1)).toBe(true);
    let at = 0;
    texts.forEach((text, s) => {
      const want = traceSentence(model, p, V, C, encode(task.vocab, text).ids);
      expectRows(passage, at, want);
      const labelProbs = passage.reading.kind === 'sequences' ? passage.reading.labelProbs! : new Float32Array();
      Array.from(want.classifier!.probs).forEach((v, c) => expect(labelProbs[s * C + c]).toBeCloseTo(v, 6));
      at += want.T;
    });
  });

  it('a memory task: its answers asked only where the task asks; unknown sequences are left out', () => {
    const config = { ...memoryDefaults('recall'), delay: 4 };
    const task = memoryTask(config);
    const model = { ...DEFAULT_MODEL, hiddenSize: 4 };
    const texts = memoryTestTexts(config, 3, 2);
    const seqs = passageSequences(task.vocab, task, ['', ...texts]);
    expect(seqs).toHaveLength(2);
    const passage = traceSequencePassage(model, params(model, task.vocab.size), task.vocab.size, 0, seqs);
    const { targets } = traceInputs(encode(task.vocab, texts[0]!).ids, task);
    expect(Array.from(passage.targets.subarray(0, targets.length))).toEqual(Array.from(targets));
    expect(targets.filter((v) => v >= 0).length).toBeGreaterThan(0);
    expect(targets.filter((v) => v < 0).length).toBeGreaterThan(0);
    expect(() => passageSequences(task.vocab, task, ['', ''])).toThrow(RangeError);
  });

  it('features start afresh at each sequence: an open quote or bracket does not reach the next', () => {
    const task: SequenceTask = parseLines('say "hi\n(a\nb');
    const model = { ...DEFAULT_MODEL, hiddenSize: 2 };
    const seqs = passageSequences(task.vocab, task, task.lines.map((l) => START + l + END));
    const passage = traceSequencePassage(model, params(model, task.vocab.size), task.vocab.size, 0, seqs);
    const chars = Array.from(passage.inputs, (i) => task.vocab.symbols[i]!);
    const f = passageFeatures(passage, chars);
    // rows: ⟨s⟩ s a y ␣ " h i | ⟨s⟩ ( a | ⟨s⟩ b
    expect(Array.from(f.quote!)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(f.depth!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    expect(Array.from(f.linePos!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 1]);
    expect(f.answer).toBeUndefined(); // every step of a line asks for the next character
    expect(rankByFeatures(passage, chars).map((r) => r.feature)).not.toContain('answer');
  });

  it('a memory task has one more feature: where an answer is asked', () => {
    const config = { ...memoryDefaults('recall'), delay: 3 };
    const task = memoryTask(config);
    const model = { ...DEFAULT_MODEL, hiddenSize: 3 };
    const seqs = passageSequences(task.vocab, task, memoryTestTexts(config, 9, 3));
    const passage = traceSequencePassage(model, params(model, task.vocab.size), task.vocab.size, 0, seqs);
    const chars = Array.from(passage.inputs, (i) => task.vocab.symbols[i]!);
    expect(Array.from(passageFeatures(passage, chars).answer!)).toEqual(Array.from(passage.targets, (v) => (v >= 0 ? 1 : 0)));
    const answer = rankByFeatures(passage, chars).find((r) => r.feature === 'answer')!;
    expect(answer.varies).toBe(true);
    expect(Math.abs(answer.top[0]!.score)).toBeGreaterThan(0);
  });
});

describe('the page asks for the passage of its mode', () => {
  const base = { text: LINES_TEXT, memory: memoryDefaults('recall'), memoryCheck: { seed: 4, runId: null, answers: null }, train: DEFAULT_TRAIN, units: { offset: 1, length: 20, choice: { layer: 0, dir: 0, part: 'h', unit: 0 }, frame: null, others: {} } };

  it('next character: the text from the chosen character, in windows of the sequence length', () => {
    const ask = passageAsk({ ...base, mode: 'lm', textStats: null });
    expect(ask).toEqual({ source: { text: LINES_TEXT.slice(1, 22), window: DEFAULT_TRAIN.seqLen }, from: 1, truth: null });
  });

  it('lines: whole lines from the chosen one while they fit the length (at least one)', () => {
    const ask = passageAsk({ ...base, mode: 'lines', textStats: { chars: 30, vocab: 20, task: summarizeTask('lines', LINES_TEXT) } });
    expect(ask).toEqual({ source: { sequences: [`${START}(hi) there${END}`] }, from: 1, truth: null }); // 11 + 12 > 20
    const all = passageAsk({ ...base, mode: 'lines', units: { ...base.units, offset: 0, length: 4000 }, textStats: { chars: 30, vocab: 20, task: summarizeTask('lines', LINES_TEXT) } });
    expect(all?.source).toEqual({ sequences: ['ab', '(hi) there', 'quick "fox"', 'xyz'].map((l) => START + l + END) });
    const past = passageAsk({ ...base, mode: 'lines', units: { ...base.units, offset: 99 }, textStats: { chars: 30, vocab: 20, task: summarizeTask('lines', LINES_TEXT) } });
    expect(past?.from).toBe(3); // clamped to the last line
  });

  it('classification: training sentences with their true labels', () => {
    const summary = summarizeTask('classify', EXAMPLES_TEXT);
    const ask = passageAsk({ ...base, mode: 'classify', units: { ...base.units, offset: 0, length: 30 }, textStats: { chars: 90, vocab: 20, task: summary } });
    if (summary.mode !== 'classify' || 'problem' in summary) throw new Error('not a classification task');
    expect(ask?.source).toEqual({ sequences: summary.sequences.slice(0, 2).map((e) => e.text) });
    expect(ask?.truth).toEqual(summary.sequences.slice(0, 2).map((e) => e.label));
    expect(passageAsk({ ...base, mode: 'classify', textStats: null })).toBeNull(); // the text not read yet
  });

  it('a memory task: the memory check\'s test sequences first, then more from the same seed', () => {
    const texts = memoryTestTexts(base.memory, 4, 50);
    const length = Array.from(texts[0]!).length;
    const ask = passageAsk({ ...base, mode: 'memory', textStats: null, units: { ...base.units, offset: 0, length: 5 * length + 1 } });
    expect(ask?.source).toEqual({ sequences: texts.slice(0, 5) });
    expect(texts.slice(0, 4)).toEqual(memoryTestTexts(base.memory, 4));
    const later = passageAsk({ ...base, mode: 'memory', textStats: null, units: { ...base.units, offset: 7, length: 2 * length } });
    expect(later).toEqual({ source: { sequences: texts.slice(7, 9) }, from: 7, truth: null });
    expect(passageAsk({ ...base, mode: 'memory', textStats: null, memory: { ...base.memory, delay: 100000 } })).toBeNull();
  });
});
