// `rnn-playground train` with a held-out part, a schedule, an initialisation and checkpoints (CPU
// backend, through the real entry point): a run stopped at a checkpoint and resumed ends with the
// parameters and losses of a straight run, to the bit; valLoss equals the reference's on the
// held-out part; the file's metadata records step, seed, schedule, initialisation and split;
// --text - reads standard input; what cannot be resumed is refused in one line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/io/safetensors.ts';
import { parseLines } from '../../src/model/tasks.ts';
import { referenceValidationLoss, splitLines, splitText } from '../../src/model/validation.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. a bird sat on the wire. '.repeat(4);
const LINES = ['anna', 'bob', 'carla', 'dave', 'eve', 'frank', 'gina', 'hugo', 'ida'].join('\n');
const dir = tempFiles({ 't.txt': TEXT, 'names.txt': LINES });
const text = join(dir, 't.txt');
const settings = ['--backend', 'cpu', '--hidden', '10', '--seq-len', '8', '--batch', '3', '--val', '0.1', '--eval-every', '2', '--schedule', 'warmup-cosine', '--warmup', '2', '--decay-steps', '6', '--init-scheme', 'orthogonal', '--carry-bias', '--seed', '4', '--json'];
type Line = { step: number; loss: number; valLoss?: number };
const losses = (stdout: string) => jsonLines<Line>(stdout).map(({ step, loss, valLoss }) => ({ step, loss, valLoss }));

describe('train: checkpoints, resume, validation', { timeout: 60_000 }, () => {
  it('6 straight steps equal 3 steps, a checkpoint and --resume for 3 more: parameters and losses to the bit', async () => {
    const [straight, ck, resumed] = ['straight', 'ck', 'resumed'].map((n) => join(dir, `${n}.safetensors`)) as [string, string, string];
    const a = await runCli(['train', '--text', text, ...settings, '--steps', '6', '--out', straight]);
    const b = await runCli(['train', '--text', text, ...settings, '--steps', '3', '--save-every', '3', '--out', ck]);
    const c = await runCli(['train', '--text', text, '--backend', 'cpu', '--json', '--resume', ck, '--steps', '3', '--eval-every', '2', '--out', resumed]);
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    expect(c.stderr).toMatch(/continuing .*ck\.safetensors from step 3/);
    const checkpoint = readModelFile(readFileSync(ck));
    expect(checkpoint.training).toMatchObject({ step: 3, train: { seed: 4, seqLen: 8, batchSize: 3, schedule: { kind: 'warmup-cosine', warmupSteps: 2, decaySteps: 6 }, init: { kind: 'orthogonal', carryBias: true }, validation: { fraction: 0.1 } } });
    expect(checkpoint.state).toMatchObject({ step: 3, batches: 3, optimizer: { kind: 'adam', t: 3 } });
    expect(checkpoint.state!.carried.length).toBe(2 * 3 * 10); // an LSTM's h and c, B = 3, H = 10
    expect(losses(c.stdout)).toEqual(losses(a.stdout).slice(3));
    const [x, y] = [readModelFile(readFileSync(straight)), readModelFile(readFileSync(resumed))];
    expect(y.training!.step).toBe(6);
    expect(y.params).toEqual(x.params);
    expect(y.state).toBeUndefined(); // no --save-every: a plain model file
  });

  it('valLoss at every 2nd step and the last, equal to the reference on the last 10% of the text', async () => {
    const out = join(dir, 'val.safetensors');
    const r = await runCli(['train', '--text', text, ...settings, '--steps', '5', '--out', out]);
    expect(r.code).toBe(0);
    const lines = jsonLines<Line>(r.stdout);
    expect(lines.filter((l) => l.valLoss !== undefined).map((l) => l.step)).toEqual([2, 4, 5]);
    const file = readModelFile(readFileSync(out));
    const heldOut = splitText(TEXT, file.training!.train.validation, 8).heldOut!;
    expect(heldOut.length).toBe(Math.floor(TEXT.length * 0.1));
    const want = referenceValidationLoss(file.model, file.params, file.vocab, { mode: 'lm', text: heldOut }, 8);
    expect(Math.abs(lines.at(-1)!.valLoss! - want) / want).toBeLessThanOrEqual(1e-6);
    expect(r.stderr).toMatch(/held out for validation: 28 characters \(training on 260\)/);
  });

  it('lines: every 3rd line held out, valLoss the reference over those lines', async () => {
    const out = join(dir, 'names.safetensors');
    const r = await runCli(['train', '--text', join(dir, 'names.txt'), '--mode', 'lines', '--backend', 'cpu', '--hidden', '8', '--batch', '2', '--val-lines', '3', '--steps', '3', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const file = readModelFile(readFileSync(out));
    const { heldOut } = splitLines(parseLines(LINES), file.training!.train.validation);
    expect(heldOut).toEqual(['carla', 'frank', 'ida']);
    const want = referenceValidationLoss(file.model, file.params, file.vocab, { mode: 'lines', lines: heldOut }, 64);
    expect(Math.abs(jsonLines<Line>(r.stdout).at(-1)!.valLoss! - want) / want).toBeLessThanOrEqual(1e-6);
  });

  it('--text - reads standard input: the same run as from the file; invalid UTF-8 is refused', async () => {
    const args = ['--backend', 'cpu', '--hidden', '6', '--seq-len', '8', '--batch', '2', '--steps', '2', '--json'];
    const [fromFile, fromStdin] = [await runCli(['train', '--text', text, ...args]), await runCli(['train', '--text', '-', ...args], { input: TEXT })];
    expect(fromStdin.code).toBe(0);
    expect(losses(fromStdin.stdout)).toEqual(losses(fromFile.stdout));
    const bad = await runCli(['train', '--text', '-', ...args], { input: Uint8Array.of(0x63, 0x61, 0xe9, 0x74) });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('rnn-playground train: cannot read standard input: it is not UTF-8 text');
  });

  it('refuses a differing flag, a file without state, --save-every without --out, --val for lines', async () => {
    const ck = join(dir, 'refuse.safetensors');
    const plain = join(dir, 'plain.safetensors');
    await runCli(['train', '--text', text, ...settings, '--steps', '1', '--save-every', '1', '--out', ck]);
    await runCli(['train', '--text', text, ...settings, '--steps', '1', '--out', plain]);
    const lr = await runCli(['train', '--text', text, '--resume', ck, '--lr', '0.1', '--hidden', '10']);
    expect(lr.code).toBe(2);
    expect(lr.stderr).toMatch(/--resume continues .*refuse\.safetensors with its own model and settings: leave out --lr \(it has 0\.002\)/);
    const same = await runCli(['train', '--text', text, '--backend', 'cpu', '--resume', ck, '--hidden', '10', '--steps', '1']);
    expect(same.code).toBe(0); // the file's own value is no conflict
    const noState = await runCli(['train', '--text', text, '--resume', plain]);
    expect(noState.stderr).toMatch(/--resume: .*plain\.safetensors holds no training state \(a checkpoint is written by train --save-every\)/);
    expect((await runCli(['train', '--text', text, '--save-every', '2'])).stderr).toMatch(/--save-every writes checkpoints to --out: give --out FILE/);
    expect((await runCli(['train', '--text', join(dir, 'names.txt'), '--mode', 'lines', '--val', '0.1', '--backend', 'cpu'])).stderr).toMatch(/--val: lines are held out with --val-lines K/);
  });
});
