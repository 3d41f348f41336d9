// What the CLI says: labels and vocabularies with control characters printed escaped, --init
// mismatches naming the file, a divergence on a backend that reports losses late (as the GPU does)
// naming the step that diverged and its own loss, and GPU set-up and shape errors in one clear line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from '../../src/cli/args.ts';
import { printable, printableLine } from '../../src/cli/printable.ts';
import { train } from '../../src/cli/train.ts';
import type { Backend, StepResult } from '../../src/backend/types.ts';
import { writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. ';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 4 };
const labels = ['bell\u0007', 'csi\u009b2J', 'title\u001b]0;owned\u0007'];
const vocab = buildVocab('ab\u001b\u0007\u0085');
const classifier = writeModelFile({ model, vocab, params: initParams(buildLayout(model, vocab.size, 3), createRng(1)) as Float32Array, mode: 'classify', labels });
const lm = writeModelFile({ model, vocab, params: initParams(buildLayout(model, vocab.size), createRng(1)) as Float32Array });
const dir = tempFiles({ 'cls.safetensors': classifier, 'lm.safetensors': lm, 't.txt': TEXT });

describe('control characters are printed escaped', { timeout: 30_000 }, () => {
  it('escapes C0, DEL and C1 controls, keeping line feeds, tabs and CRLF line ends', () => {
    expect(printable('a\u0007b\u001b[2J\u009b\u007f\tc\r\nd\re\n')).toBe('a\\u0007b\\u001b[2J\\u009b\\u007f\tc\r\nd\\u000de\n');
    expect(printableLine('two\nlines\t')).toBe('two\\u000alines\\u0009');
  });
  it('predict prints labels escaped, in plain text and in JSON that still parses to the labels', async () => {
    const plain = await runCli(['predict', join(dir, 'cls.safetensors'), '--text', 'ab']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(RAW_CONTROLS);
    expect(plain.stdout).toContain('bell\\u0007\t');
    const json = await runCli(['predict', join(dir, 'cls.safetensors'), '--text', 'ab', '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROLS);
    expect(Object.keys((JSON.parse(json.stdout) as { probs: object }).probs).sort()).toEqual([...labels].sort());
  });
  it('sample prints a vocabulary of control characters escaped', async () => {
    const r = await runCli(['sample', join(dir, 'lm.safetensors'), '--length', '300', '--temperature', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROLS);
    expect(r.stdout).toMatch(/\\u001b|\\u0007|\\u0085/);
  });
});

describe('--init with another task names the file', { timeout: 30_000 }, () => {
  it('a classifier onto next-character text, with --mode lm or its own mode taken from the file', async () => {
    const cls = join(dir, 'cls.safetensors');
    const r = await runCli(['train', '--text', join(dir, 't.txt'), '--init', cls, '--mode', 'lm', '--steps', '1', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^rnn-playground train: --init: .*cls.safetensors is a classifier, not a next-character model; add --mode classify/);
    const own = await runCli(['train', '--text', join(dir, 't.txt'), '--init', cls, '--steps', '1', '--backend', 'cpu']);
    expect(own.code).toBe(2);
    expect(own.stderr.trim().split('\n')).toHaveLength(1);
    expect(own.stderr).toMatch(/is not `sentence<TAB>label`.*\(it was read for --mode classify: --init .*cls.safetensors is a classifier\)/);
  });
});

/** A backend that reports each step's stats `late` steps after it, as the GPU engine does. */
function lateBackend(results: StepResult[], flushed: StepResult, fail?: Error): Backend {
  let i = 0;
  const backend = {
    kind: 'webgpu',
    vocab: buildVocab(TEXT),
    init: async () => {
      if (fail) throw fail;
    },
    trainStep: async () => results[i++]!,
    flush: async () => flushed,
    getParams: async () => new Float32Array(0),
    dispose: () => undefined,
  };
  return backend as unknown as Backend;
}

describe('train on a backend that reports losses late', () => {
  const args = ['--text', join(dir, 't.txt'), '--hidden', '4', '--seq-len', '8', '--steps', '10'];
  const notes: string[] = [];
  const run = (backend: Backend) => {
    notes.length = 0;
    return train(args, () => undefined, (l) => notes.push(l), async () => ({ backend, label: 'fake gpu' }));
  };
  const ok = (step: number, lossStep: number, loss: number): StepResult => ({ step, lossStep, loss, gradNorm: 1, clipped: false, finite: true });
  const stale = [ok(1, 0, NaN), ok(2, 1, 3.1), { step: 3, lossStep: 2, loss: 87.43, gradNorm: Infinity, clipped: false, finite: false }];
  it('a divergence names the step whose loss was not finite and that loss, after waiting for it', async () => {
    expect(await run(lateBackend(stale, { step: 3, lossStep: 3, loss: NaN, gradNorm: NaN, clipped: false, finite: false }))).toBe(1);
    expect(notes.at(-1)).toMatch(/^step 3: the loss is not finite \(NaN\); the update was skipped/);
  });
  it('a step whose loss was finite but its gradient not says so, with its own step', async () => {
    expect(await run(lateBackend(stale, ok(3, 3, 3.0)))).toBe(1);
    expect(notes.at(-1)).toMatch(/^step 2: the gradient is not finite \(norm Infinity, loss 87.43\)/);
  });
  it('a GPU set-up error is one clear line that points at --backend cpu', async () => {
    const err = await run(lateBackend([], ok(0, 0, NaN), new Error('Invalid ComputePipeline "cell_forward"'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliFailure);
    expect((err as Error).message).toBe('the GPU could not be set up for this model (Invalid ComputePipeline "cell_forward"); train on the CPU with --backend cpu');
  });
  it('a shape the CPU engine cannot hold is a usage error naming the flag and the size that fits', async () => {
    const big = tempFiles({ 'big.txt': 'abcdefghij'.repeat(110) });
    const err = await train(['--text', join(big, 'big.txt'), '--hidden', '1024', '--seq-len', '1024', '--batch', '512', '--backend', 'cpu'], () => undefined, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^--batch: Training this model on the CPU needs \d+ MB of memory, more than the 1024 MB the CPU engine allows: the largest batch size that fits is \d+/);
  });
});
