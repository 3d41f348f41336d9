// Line mode and classification mode on the CPU reference: parsing the person's text (and refusing
// what cannot be trained, with the line it is about), bucketed training, whole generated lines
// that end at the end token, and a classifier that learns the intent preset.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { classify, evaluateExamples, sampleLine, SequenceTrainer } from '../../src/model/sequence-train.ts';
import { END, MAX_LINE, MAX_LINES, parseExamples, parseLines, START } from '../../src/model/tasks.ts';
import { INTENTS, NAMES } from '../../src/store/task-presets.ts';

const problemOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return { field: e.field, ...e.problem!, message: e.message };
    throw e;
  }
  throw new Error('no problem raised');
};

describe('line mode: parsing', () => {
  it('each non-empty line is a sequence; start and end tokens are in the vocabulary', () => {
    const task = parseLines('anna\r\n\n  \nbob\nanna\n');
    expect(task.lines).toEqual(['anna', 'bob', 'anna']);
    expect(task.vocab.symbols).toEqual([START, END, 'a', 'b', 'n', 'o']);
    expect(task.notes).toEqual([{ code: 'emptyLinesSkipped', count: 2 }]); // not the final newline
  });
  it('start and end characters typed in the text are stripped, and said', () => {
    const task = parseLines(`a${START}b\nc${END}`);
    expect(task.lines).toEqual(['ab', 'c']);
    expect(task.notes).toContainEqual({ code: 'tokensStripped', count: 2 });
  });
  it('refuses no lines, a line too long, too many lines: each with what to do', () => {
    expect(problemOf(() => parseLines('\n \n'))).toMatchObject({ field: 'text', code: 'noLines' });
    expect(problemOf(() => parseLines(`ok\n${'x'.repeat(MAX_LINE + 1)}`))).toMatchObject({ code: 'lineTooLong', params: { line: 2, length: MAX_LINE + 1, max: MAX_LINE } });
    expect(problemOf(() => parseLines('a\n'.repeat(MAX_LINES + 1)))).toMatchObject({ code: 'tooManyLines' });
  });
  it('10,000 lines parse at once', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `line ${i}`).join('\n');
    const t0 = performance.now();
    expect(parseLines(text).lines).toHaveLength(10_000);
    expect(parseExamples(Array.from({ length: 10_000 }, (_, i) => `line ${i}\t${i % 3}`).join('\n')).train.length).toBe(10_000 - 3 * 666); // every 5th of 3,334 + 3,333 + 3,333 held out
    console.log(`parsed 2 x 10,000 lines in ${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('classification: parsing', () => {
  it('sentence<TAB>label per line, labels sorted, every 5th example of a label held out', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `s${i}\t${i % 2 ? 'odd' : 'even'}`);
    const task = parseExamples(rows.join('\n'));
    expect(task.labels).toEqual(['even', 'odd']);
    // even: s0 s2 s4 s6 s8 s10 -> the 5th (s8) held out; odd: s1 s3 s5 s7 s9 s11 -> s9
    expect(task.heldOut.map((e) => e.text)).toEqual(['s8', 's9']);
    expect(task.train).toHaveLength(10);
    expect(task.train[0]).toEqual({ text: 's0', label: 0 });
  });
  it('splits at the last tab and trims; a tab inside the sentence stays', () => {
    const task = parseExamples('a\tb\t x \nc\ty');
    expect(task.train).toContainEqual({ text: 'a\tb', label: 0 });
    expect(task.labels).toEqual(['x', 'y']);
  });
  it('a label with one example is kept for training and noted', () => {
    const task = parseExamples('a\tx\nb\tx\nc\ty');
    expect(task.notes).toContainEqual({ code: 'singletonLabels', labels: ['y'] });
    expect(task.train.map((e) => e.text)).toContain('c');
  });
  it('refuses lines without a label (naming them), an empty sentence, one label only, nothing at all', () => {
    expect(problemOf(() => parseExamples('ok\tx\nno label here\nfine\ty\nalso none'))).toMatchObject({ field: 'text', code: 'noLabel', params: { lines: '2, 4', count: 2 } });
    expect(problemOf(() => parseExamples('ok\tx\n\ty'))).toMatchObject({ code: 'noLabel', params: { lines: '2' } });
    expect(problemOf(() => parseExamples('a\tx\nb\tx'))).toMatchObject({ code: 'oneLabel', params: { only: 'x' } });
    expect(problemOf(() => parseExamples('\n'))).toMatchObject({ code: 'noLines' });
    const many = problemOf(() => parseExamples(Array.from({ length: 9 }, () => 'x').join('\n')));
    expect(many.message).toContain('Line 1, 2, 3, 4, 5, … are not');
  });
});

const train = { ...DEFAULT_TRAIN, batchSize: 8, learningRate: 0.01 };

describe('line mode: training and whole lines', () => {
  it('learns a list of names; greedy lines from the start token are names that end at the end token', () => {
    const task = parseLines(NAMES);
    const tr = new SequenceTrainer({ model: { ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 48 }, train, task });
    const losses = Array.from({ length: 400 }, () => tr.step().loss);
    expect(losses[0]).toBeGreaterThan(2.5);
    expect(losses.slice(-20).reduce((a, b) => a + b, 0) / 20).toBeLessThan(1.6);
    const opts = { prime: '', length: 30, temperature: 0, topK: 0, seed: 1 };
    const greedy = sampleLine(tr.model, tr.params, tr.vocab, opts);
    expect(greedy.length).toBeGreaterThan(1);
    expect(greedy.length).toBeLessThan(30); // stopped at the end token, not at the length cap
    for (const token of [START, END, '\n']) expect(greedy).not.toContain(token);
    // sampled lines: mostly names of the list or close; each ends before the cap
    const sampled = Array.from({ length: 20 }, (_, seed) => sampleLine(tr.model, tr.params, tr.vocab, { ...opts, temperature: 0.5, seed }));
    expect(sampled.filter((s) => s.length < 30).length).toBeGreaterThanOrEqual(18);
    expect(sampleLine(tr.model, tr.params, tr.vocab, { ...opts, prime: 'ol' })).toMatch(/^ol/);
  });
  it('never draws the start token inside a line, however likely the model makes it', () => {
    // untrained: every symbol about 1/27 likely, the start token too (~55 of these 1,500 draws)
    const tr = new SequenceTrainer({ model: { ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 8 }, train, task: parseLines(NAMES) });
    const lines = Array.from({ length: 50 }, (_, seed) => sampleLine(tr.model, tr.params, tr.vocab, { prime: '', length: 30, temperature: 1.5, topK: 0, seed }));
    expect(lines.join('')).not.toContain(START);
    expect(new Set(lines.join('')).size).toBeGreaterThan(20); // the other symbols all drawn
  });
  it('is deterministic for a seed', () => {
    const task = parseLines(NAMES);
    const run = () => {
      const tr = new SequenceTrainer({ model: { ...DEFAULT_MODEL, cell: 'rnn', hiddenSize: 16 }, train, task });
      return Array.from({ length: 5 }, () => tr.step().loss);
    };
    expect(run()).toEqual(run());
  });
});

describe('classification: the intent preset', () => {
  it('a bidirectional GRU reads each sentence and predicts its intent; held-out accuracy >= 0.6', () => {
    const task = parseExamples(INTENTS);
    expect(task.labels).toEqual(['ask_time', 'greet', 'play_music', 'set_alarm', 'thanks', 'weather']);
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 48, bidirectional: true };
    const tr = new SequenceTrainer({ model, train, task });
    for (let i = 0; i < 600; i++) tr.step();
    const fit = evaluateExamples(model, tr.params, task, task.train);
    const held = evaluateExamples(model, tr.params, task, task.heldOut);
    console.log(`intents: train accuracy ${fit.accuracy.toFixed(3)}, held-out ${held.accuracy.toFixed(3)} (${task.heldOut.length} sentences)`);
    expect(fit.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(held.accuracy).toBeGreaterThanOrEqual(0.6);
    const probs = classify(model, tr.params, task.vocab, task.labels.length, 'what time is it now')!;
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(task.labels[probs.indexOf(Math.max(...probs))]).toBe('ask_time');
    expect(classify(model, tr.params, task.vocab, task.labels.length, '@@@')).toBeNull();
  });
});
