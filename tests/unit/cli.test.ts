// The headless CLI through its real entry point: exit codes, one-line errors, determinism, the
// whole-text batch, --steps 0, sample and eval against the reference computed in this process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { num, UsageError } from '../../src/cli/args.ts';
import { Progress } from '../../src/cli/progress.ts';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { sampleText } from '../../src/model/sample.ts';
import { classify, evaluateExamples, evaluateLines, sampleLine } from '../../src/model/sequence-train.ts';
import { parseExamples, parseLines } from '../../src/model/tasks.ts';
import { INTENTS, NAMES } from '../../src/store/task-presets.ts';
import { evaluateLoss } from '../../src/model/train.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. 🐈 ';
const dir = tempFiles({ 'text.txt': TEXT, 'latin1.txt': Uint8Array.of(0x63, 0x61, 0xe9, 0x74), 'not-a-model.safetensors': 'hello there' });
const textFile = join(dir, 'text.txt');
const small = ['--text', textFile, '--hidden', '12', '--seq-len', '8', '--batch', '3', '--backend', 'cpu'];

/** One line on stderr, no stack trace. */
const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('CLI usage and exit codes', { timeout: 60_000 }, () => {
  it('--help prints the commands and exits 0; no command exits 2', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/train --text FILE/);
    expect(help.stdout).toMatch(/sample MODEL.safetensors/);
    expect((await runCli([])).code).toBe(2);
  });
  it('each command has --help', async () => {
    for (const [cmd, needle] of [['train', '--mode lm|lines|classify'], ['sample', '--count'], ['eval', 'bits per character'], ['predict', 'the predicted label first'], ['bench', '--configs']] as const) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(needle);
    }
  });
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['train', '--text', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['train'], /train needs --text FILE/],
    [['train', ...small, '--hidden', 'abc'], /--hidden must be a number \(got 'abc'\)/],
    [['train', ...small, '--hidden', '5000'], /--hidden: hidden size must be between 1 and 1024 \(got 5000\)/],
    [['train', ...small, '--cell', 'transformer'], /--cell must be one of rnn, lstm, gru/],
    [['train', ...small, '--steps=-1'], /--steps must be a whole number/],
    [['train', ...small, '--seq-len', '100'], /--seq-len: The text has 50 characters, shorter than one window of 101: use a sequence length of at most 49/],
    [['train', ...small, '--init', 'm.safetensors', '--cell', 'gru'], /--init takes the model's shape from m.safetensors: leave out --cell, --hidden/],
    [['sample'], /sample needs a model file/],
    [['sample', 'm.safetensors', '--temperature=-1'], /--temperature must be from 0 to 100/],
    [['sample', 'm.safetensors', '--length', '2.5'], /--length must be a whole number from 1 to 100000/],
    [['eval', 'm.safetensors'], /eval needs --text FILE/],
    [['bench', '--cells', 'lstm,tcn'], /--cells: unknown 'tcn'/],
    [['sample', 'm.safetensors', '--seed', '-3'], /ambiguous: write a value that starts with '-' as --option=VALUE/],
    [['train', ...small, '--seed='], /--seed must be a number \(got ''\): write plain decimal digits/],
    [['train', ...small, '--steps', '20000000'], /--steps must be a whole number from 0 to 10000000 \(got 20000000\)/],
  ])('usage error %j exits 2 with one line', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
  });
  it.each([
    [['train', '--text', '/no/such/file.txt'], /cannot read \/no\/such\/file.txt: no such file/],
    [['train', '--text', dir], /it is a directory/],
    [['train', '--text', join(dir, 'latin1.txt')], /is not UTF-8 text/],
    [['sample', join(dir, 'not-a-model.safetensors')], /cannot read model .*not-a-model.safetensors: The header length .* is beyond the end of the file/],
    [['eval', '/no/model.safetensors', '--text', textFile], /cannot read \/no\/model.safetensors: no such file/],
  ])('failure %j exits 1 with one line', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
  });
});

describe('CLI numbers', () => {
  it.each(['0x10', '1e1', ' 12', '12 ', '', '12abc', 'Infinity', '1_000'])('refuses %j: decimal digits only', (raw) => {
    expect(() => num({ hidden: raw }, 'hidden')).toThrow(UsageError);
  });
  it.each([['12', 12], ['-0.5', -0.5], ['.002', 0.002], ['+3', 3]])('reads %j', (raw, value) => expect(num({ x: raw }, 'x')).toBe(value));
});

describe('CLI training', { timeout: 60_000 }, () => {
  it('is deterministic for a seed: the same --json lines twice, different ones for another seed', async () => {
    const a = await runCli(['train', ...small, '--steps', '6', '--seed', '3', '--json']);
    const b = await runCli(['train', ...small, '--steps', '6', '--seed', '3', '--json']);
    const c = await runCli(['train', ...small, '--steps', '6', '--seed', '4', '--json']);
    expect(a.code).toBe(0);
    const strip = (s: string) => jsonLines(s).map(({ charsPerSec: _, ...rest }) => rest);
    expect(strip(a.stdout)).toHaveLength(6);
    expect(strip(a.stdout).map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
    expect(strip(c.stdout)[0]!.loss).not.toBe(strip(a.stdout)[0]!.loss);
    for (const l of jsonLines(a.stdout)) expect(Object.keys(l).sort()).toEqual(['charsPerSec', 'clipped', 'gradNorm', 'loss', 'step']);
  });

  it('--steps 0 writes exactly the seeded initial parameters', async () => {
    const out = join(dir, 'init.safetensors');
    const r = await runCli(['train', ...small, '--cell', 'gru', '--steps', '0', '--seed', '9', '--out', out]);
    expect(r.code).toBe(0);
    const file = readModelFile(readFileSync(out));
    expect(file.model).toEqual({ ...DEFAULT_MODEL, cell: 'gru', hiddenSize: 12 });
    expect(file.vocab.symbols).toEqual(buildVocab(TEXT).symbols);
    const expected = initParams(buildLayout(file.model, file.vocab.size), createRng(9));
    expect(Array.from(file.params)).toEqual(Array.from(expected));
  });

  it('--batch 1 --seq-len N-1 trains on the whole text from offset 0 with zero state', async () => {
    const n = Array.from(TEXT).length;
    const out = join(dir, 'whole.safetensors');
    const args = ['train', '--text', textFile, '--hidden', '10', '--batch', '1', '--seq-len', String(n - 1), '--backend', 'cpu', '--seed', '5'];
    expect((await runCli([...args, '--steps', '0', '--out', out])).code).toBe(0);
    const r = await runCli([...args, '--steps', '2', '--json']);
    expect(r.code).toBe(0);
    const { model, vocab, params } = readModelFile(readFileSync(out));
    const whole = evaluateLoss(model, params, vocab.size, encode(vocab, TEXT).ids, n - 1);
    expect(jsonLines(r.stdout)[0]!.loss).toBeCloseTo(whole, 5);
  });

  it('--init continues from a model: --steps 0 writes its parameters back unchanged; training goes on from its loss', async () => {
    const a = join(dir, 'a.safetensors');
    const b = join(dir, 'b.safetensors');
    const first = await runCli(['train', ...small, '--steps', '30', '--lr', '0.01', '--out', a, '--json']);
    expect(first.code).toBe(0);
    expect((await runCli(['train', '--text', textFile, '--seq-len', '8', '--batch', '3', '--backend', 'cpu', '--init', a, '--steps', '0', '--out', b])).code).toBe(0);
    // the same model, vocabulary and parameters; the metadata says how each run trained (step 30 at lr 0.01, then step 0 at the default)
    const [fa, fb] = [readModelFile(readFileSync(a)), readModelFile(readFileSync(b))];
    expect([fb.model, fb.vocab.symbols, fb.mode, fb.params]).toEqual([fa.model, fa.vocab.symbols, fa.mode, fa.params]);
    expect([fa.training, fb.training].map((t) => [t!.step, t!.train.learningRate])).toEqual([[30, 0.01], [0, 0.002]]);
    const more = await runCli(['train', '--text', textFile, '--seq-len', '8', '--batch', '3', '--backend', 'cpu', '--init', a, '--steps', '1', '--json']);
    expect(jsonLines(more.stdout)[0]!.loss).toBeLessThan(jsonLines(first.stdout)[0]!.loss - 0.3);
  });

  it('prints plain progress lines when piped, and writes where --out says', async () => {
    const out = join(dir, 'piped.safetensors');
    const r = await runCli(['train', ...small, '--steps', '20', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^20\/20 loss \d\.\d{4} {2}\d+ chars\/s$/m);
    expect(r.stderr).toMatch(/wrote .*piped.safetensors/);
    expect(r.stdout).toBe('');
  });

  it('draws a progress bar in place on a terminal', () => {
    let written = '';
    const tty = { isTTY: true, write: (s: string) => (written += s) } as unknown as NodeJS.WriteStream;
    const p = new Progress(4, tty);
    p.update(1, 'loss 2.0');
    p.update(4, 'loss 1.0');
    p.done();
    expect(written).toBe('\r[######------------------] 1/4 loss 2.0\x1b[K\r[########################] 4/4 loss 1.0\x1b[K\n');
  });
});

describe('CLI sample and eval', { timeout: 60_000 }, () => {
  const model = join(dir, 'se.safetensors');
  const file = () => readModelFile(readFileSync(model));

  it('samples the prime and its continuation exactly as the reference does for the seed', async () => {
    expect((await runCli(['train', ...small, '--steps', '40', '--lr', '0.01', '--out', model])).code).toBe(0);
    const r = await runCli(['sample', model, '--prime', 'the ', '--length', '40', '--temperature', '0.7', '--top-k', '5', '--seed', '11']);
    expect(r.code).toBe(0);
    const { model: m, vocab, params } = file();
    expect(r.stdout).toBe(`the ${sampleText(m, params, vocab, { prime: 'the ', length: 40, temperature: 0.7, topK: 5, seed: 11 })}\n`);
    expect(Array.from(r.stdout.slice(0, -1))).toHaveLength(44);
  });

  it('skips prime characters the model does not know, and says so', async () => {
    const r = await runCli(['sample', model, '--prime', 'zzthe', '--length', '5']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 characters of --prime are not in the model's vocabulary/);
  });

  it('eval reports the reference loss in nats and bits per character', async () => {
    const r = await runCli(['eval', model, '--text', textFile, '--json']);
    expect(r.code).toBe(0);
    const { model: m, vocab, params } = file();
    const loss = evaluateLoss(m, params, vocab.size, encode(vocab, TEXT).ids, 256);
    const got = JSON.parse(r.stdout) as { loss: number; bitsPerChar: number; characters: number; unknown: number };
    expect(got.loss).toBeCloseTo(loss, 6);
    expect(got.bitsPerChar).toBeCloseTo(loss / Math.LN2, 6);
    expect(got).toMatchObject({ characters: Array.from(TEXT).length, unknown: 0 });
    const plain = await runCli(['eval', model, '--text', textFile]);
    expect(plain.stdout).toMatch(/^loss \d\.\d{4} nats\/char, \d\.\d{4} bits\/char over 50 characters$/m);
  });

  it('refuses a model file with a NaN in it and leaves nothing half-done', async () => {
    const bytes = writeModelFile(file());
    new DataView(bytes.buffer).setFloat32(bytes.length - 4, NaN, true);
    const bad = join(tempFiles({ 'nan.safetensors': bytes }), 'nan.safetensors');
    const r = await runCli(['sample', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/'decoder.bias' holds a non-finite value \(NaN\)/);
    oneLine(r.stderr);
  });
});

describe('CLI line and classification modes', { timeout: 60_000 }, () => {
  const tasks = tempFiles({ 'names.txt': NAMES, 'intents.txt': INTENTS, 'unlabelled.txt': 'hello\tgreet\nno label here\nbye\tleave' });
  const at = (name: string) => join(tasks, name);
  const seq = ['--cell', 'gru', '--hidden', '24', '--batch', '8', '--lr', '0.01', '--backend', 'cpu'];
  it('--mode lines: trains, writes a line model, samples whole lines exactly as the reference, scores lines', async () => {
    const r = await runCli(['train', '--mode', 'lines', '--text', at('names.txt'), ...seq, '--steps', '150', '--out', at('names.safetensors'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout)).toHaveLength(150);
    const file = readModelFile(readFileSync(at('names.safetensors')));
    expect(file.mode).toBe('lines');
    const s = await runCli(['sample', at('names.safetensors'), '--temperature', '0.5', '--count', '3', '--seed', '4']);
    expect(s.code).toBe(0);
    const expected = [4, 5, 6].map((seed) => sampleLine(file.model, file.params, file.vocab, { prime: '', length: 200, temperature: 0.5, topK: 0, seed }));
    expect(s.stdout.trim().split('\n')).toEqual(expected);
    const e = await runCli(['eval', at('names.safetensors'), '--text', at('names.txt'), '--json']);
    expect(JSON.parse(e.stdout).loss).toBeCloseTo(evaluateLines(file.model, file.params, file.vocab, parseLines(NAMES).lines), 5);
    expect((await runCli(['predict', at('names.safetensors'), '--text', 'x'])).code).toBe(2);
  });
  it('--mode classify: a bidirectional classifier with its labels; predict prints every label, the predicted first', async () => {
    const r = await runCli(['train', '--mode', 'classify', '--text', at('intents.txt'), ...seq, '--bidirectional', '--steps', '50', '--out', at('intents.safetensors'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout) as { heldOutAccuracy?: number }[];
    expect(lines.flatMap((l, i) => (l.heldOutAccuracy === undefined ? [] : [i + 1]))).toEqual([50]); // every 50 steps and at the end
    const file = readModelFile(readFileSync(at('intents.safetensors')));
    // the accuracy reported is the reference's on the 18 held-out sentences, with the parameters written
    const task = parseExamples(INTENTS);
    expect(task.heldOut).toHaveLength(18);
    const accuracy = evaluateExamples(file.model, file.params, task, task.heldOut).accuracy;
    expect(lines[49]!.heldOutAccuracy).toBe(accuracy);
    expect(r.stderr).toContain(`held-out accuracy ${accuracy.toFixed(3)} on 18 sentences`);
    expect(file.labels).toEqual(['ask_time', 'greet', 'play_music', 'set_alarm', 'thanks', 'weather']);
    const p = await runCli(['predict', at('intents.safetensors'), '--text', 'will it rain', '--json']);
    const probs = classify(file.model, file.params, file.vocab, 6, 'will it rain')!;
    const got = JSON.parse(p.stdout) as { label: string; probs: Record<string, number> };
    expect(got.label).toBe(file.labels![probs.indexOf(Math.max(...probs))]);
    file.labels!.forEach((l, k) => expect(got.probs[l]).toBeCloseTo(probs[k]!, 6));
    const plain = await runCli(['predict', at('intents.safetensors'), '--text', 'will it rain']);
    expect(plain.stdout.trim().split('\n')).toHaveLength(6);
    expect(plain.stdout.split('\t')[0]).toBe(got.label);
    expect((await runCli(['sample', at('intents.safetensors')])).code).toBe(2);
  });
  it('refuses, in one line with exit 2: unlabelled lines (named), one label, a bidirectional line model, an unknown mode', async () => {
    for (const [args, message] of [
      [['--mode', 'classify', '--text', at('unlabelled.txt')], /--text: .*Line 2 is not `sentence<TAB>label`/],
      [['--mode', 'classify', '--text', at('names.txt')], /Line 1, 2, 3, 4, 5, … are not/],
      [['--mode', 'lines', '--text', at('names.txt'), '--bidirectional'], /generates left to right/],
      [['--mode', 'poems', '--text', at('names.txt')], /--mode must be one of lm, lines, classify/],
    ] as const) {
      const r = await runCli(['train', ...args, '--steps', '1']);
      expect(r.code, r.stderr).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(message);
    }
  });
});
