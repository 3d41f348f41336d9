// The exported PyTorch project (src/io/pytorch-project/) in real PyTorch: its first steps give the
// CLI's losses on the same parameters and batches (RNN, LSTM, GRU, 2 layers, bidirectional, lines,
// classify; Adam, SGD with clipping by value, RMSprop), `torchrun --nproc_per_node=2` on the CPU
// (gloo) takes the same steps with each process on its share of the streams, and its checkpoint
// (step in the metadata) is read by `rnn-playground eval`, which gives train.py's own --eval loss;
// train.py's bad input is one line. Needs a python3 with torch (npm test installs Debian's).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPytorch } from '../../src/cli/export-pytorch.ts';
import { train } from '../../src/cli/train.ts';
import { fileSettings } from '../../src/io/pytorch-project.ts';
import { writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { parseExamples, parseLines } from '../../src/model/tasks.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';
import { torchPython } from '../helpers/pytorch-fixtures.ts';

const LM = 'the quick brown fox jumps over the lazy dog; the dog sleeps, the fox runs on. '.repeat(6);
const LINES = ['anna', 'bob', 'carla', 'dmitri', 'eve', 'frank', 'gus', 'hana', 'ivo', 'judy', 'karl'].join('\n');
const CLS = ['what time is it\ttime', 'time please\ttime', 'tell me the time\ttime', 'clock now\ttime', 'the hour\ttime', 'is it late\ttime',
  'will it rain\tweather', 'is it sunny\tweather', 'weather today\tweather', 'cold outside\tweather', 'any snow\tweather', 'hot later\tweather'].join('\n');
const SETTINGS = ['--seq-len', '12', '--batch', '5'];

interface Case {
  name: string;
  model: Partial<ModelConfig>;
  mode: 'lm' | 'lines' | 'classify';
  /** Flags train.py and `rnn-playground train` both take. */
  flags: string[];
}

const CASES: Case[] = [
  { name: 'rnn', model: { cell: 'rnn' }, mode: 'lm', flags: ['--optimizer', 'sgd', '--lr', '0.5', '--clip-mode', 'value', '--clip', '0.01'] },
  { name: 'lstm', model: { cell: 'lstm' }, mode: 'lm', flags: [] },
  { name: 'gru', model: { cell: 'gru' }, mode: 'lm', flags: ['--optimizer', 'rmsprop', '--lr', '0.01'] },
  { name: 'lstm-2-layers', model: { cell: 'lstm', numLayers: 2 }, mode: 'lm', flags: ['--clip', '0.05'] },
  { name: 'gru-bidirectional', model: { cell: 'gru', bidirectional: true }, mode: 'lm', flags: [] },
  { name: 'lines', model: { cell: 'gru' }, mode: 'lines', flags: ['--seed', '7'] },
  { name: 'classify', model: { cell: 'lstm', bidirectional: true }, mode: 'classify', flags: [] },
];

/** A project for the case in a fresh folder: an initial model file exported with its text. */
async function project(c: Case): Promise<{ dir: string; model: string; text: string }> {
  const model = { ...DEFAULT_MODEL, hiddenSize: 6, ...c.model };
  const text = c.mode === 'lm' ? LM : c.mode === 'lines' ? LINES : CLS;
  const task = c.mode === 'lines' ? parseLines(text) : c.mode === 'classify' ? parseExamples(text) : null;
  const vocab = task?.vocab ?? buildVocab(text);
  const labels = task?.mode === 'classify' ? task.labels : [];
  const params = initParams(buildLayout(model, vocab.size, labels.length), createRng(11)) as Float32Array;
  const dir = tempFiles({ 'm.safetensors': writeModelFile({ model, vocab, params, mode: c.mode, labels }), 't.txt': text });
  const files = { model: join(dir, 'm.safetensors'), text: join(dir, 't.txt') };
  expect(await exportPytorch([files.model, '--text', files.text, '--out', join(dir, 'project')], () => undefined, () => undefined)).toBe(0);
  return { dir: join(dir, 'project'), ...files };
}

/** A child process's exit code and output. */
function exec(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's steps on the CPU from the same model file: `rnn-playground train --init`. */
async function cliSteps(c: Case, p: { model: string; text: string }, steps: number) {
  const lines: string[] = [];
  const code = await train(['--text', p.text, '--init', p.model, '--steps', String(steps), '--backend', 'cpu', '--json', ...SETTINGS, ...c.flags], (l) => lines.push(l), () => undefined);
  expect(code).toBe(0);
  return lines.map((l) => JSON.parse(l) as { loss: number; gradNorm: number; clipped: boolean });
}

/** train.py's --json lines (under torchrun each has a "[default0]:" prefix). */
const stepsOf = (stdout: string) => jsonLines(stdout.replace(/^\[\w+\]:/gm, '').split('\n').filter((l) => l.startsWith('{"step"')).join('\n'));
const evalOf = (stdout: string) => (JSON.parse(stdout.replace(/^\[\w+\]:/gm, '').split('\n').find((l) => l.startsWith('{"eval"'))!) as { eval: { loss: number } }).eval;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** A TCP port nobody listens on now: torchrun's rendezvous. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the exported project in PyTorch', { timeout: 120_000 }, () => {
  it('takes the CLI\'s steps: first-step loss within 1e-5 (and the next two within 1e-4) for each cell, 2 layers, bidirectional, lines and classify', async (ctx) => {
    const py = torchPython(ctx, '');
    const results = await Promise.all(
      CASES.map(async (c) => {
        const p = await project(c);
        const [cli, torch] = await Promise.all([cliSteps(c, p, 3), exec(py, ['train.py', '--steps', '3', '--json', ...SETTINGS, ...c.flags], p.dir)]);
        expect(torch.code, torch.stderr).toBe(0);
        return { c, cli, torch: stepsOf(torch.stdout) };
      }),
    );
    for (const { c, cli, torch } of results) {
      expect(torch.map((s) => s.step), c.name).toEqual([1, 2, 3]);
      expect(rel(torch[0]!.loss, cli[0]!.loss), `${c.name}: first-step loss ${torch[0]!.loss} vs the CLI's ${cli[0]!.loss}`).toBeLessThan(1e-5);
      expect(rel(torch[0]!.gradNorm, cli[0]!.gradNorm), c.name).toBeLessThan(1e-5);
      for (let i = 0; i < 3; i++) {
        expect(torch[i]!.clipped, `${c.name} step ${i + 1}`).toBe(cli[i]!.clipped);
        expect(rel(torch[i]!.loss, cli[i]!.loss), `${c.name} step ${i + 1}`).toBeLessThan(1e-4);
      }
    }
    // clipping did happen where it was asked for, so the comparison covered it
    expect(results.find((r) => r.c.name === 'rnn')!.cli.every((s) => s.clipped)).toBe(true);
  });

  it.for(CASES.filter((c) => ['rnn', 'lstm', 'gru'].includes(c.name)))('$name: torchrun --nproc_per_node=2 (gloo) takes the same steps; rnn-playground eval reads its checkpoint and gives its --eval loss', async (c, ctx) => {
    const py = torchPython(ctx, '');
    const p = await project(c);
    const cli = await cliSteps(c, p, 3);
    // --redirects 1 --tee 1: torch 1.13's torchrun cannot parse its default --redirects 0 on Python 3.11
    const args = ['-m', 'torch.distributed.run', '--nproc_per_node=2', `--master_port=${await freePort()}`, '--monitor_interval=0.1', '--redirects', '1', '--tee', '1'];
    const r = await exec(py, [...args, 'train.py', '--steps', '3', '--json', '--eval', '--out', 'ddp.safetensors', ...SETTINGS, ...c.flags], p.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/on 2 process\(es\), cpu/);
    const steps = stepsOf(r.stdout);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(rel(steps[0]!.loss, cli[0]!.loss)).toBeLessThan(1e-5);
    for (let i = 1; i < 3; i++) expect(rel(steps[i]!.loss, cli[i]!.loss)).toBeLessThan(1e-4);
    const checkpoint = join(p.dir, 'ddp.safetensors');
    expect(fileSettings(readFileSync(checkpoint), DEFAULT_TRAIN)).toMatchObject({ step: 3, train: { seqLen: 12, batchSize: 5 } });
    const evaluated = await runCli(['eval', checkpoint, '--text', p.text, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const loss = (JSON.parse(evaluated.stdout) as { loss: number }).loss;
    expect(rel(loss, evalOf(r.stdout).loss), `eval ${loss} vs train.py --eval ${evalOf(r.stdout).loss}`).toBeLessThan(1e-5);
  });

  it('train.py refuses bad input in one line: metadata without the settings, characters outside the vocabulary, a text shorter than a window', async (ctx) => {
    const py = torchPython(ctx, '');
    const p = await project(CASES[1]!);
    const oneLine = (r: { code: number | null; stderr: string }, pattern: RegExp) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    };
    writeFileSync(join(p.dir, 'other.txt'), `${LM}ÆØ€`);
    const [noSettings, unknown, short] = await Promise.all([
      // the model file as `train --out` writes it: no training settings in its metadata
      exec(py, ['train.py', '--model', p.model, '--steps', '1'], p.dir),
      exec(py, ['train.py', '--text', 'other.txt', '--steps', '1'], p.dir),
      exec(py, ['train.py', '--steps', '1', '--seq-len', '1000'], p.dir),
    ]);
    oneLine(noSettings, /^train\.py: .*m\.safetensors has no 'seq_len' in its metadata: give --seq-len$/m);
    oneLine(unknown, /other\.txt has characters the model's vocabulary does not hold: 'Æ', 'Ø', '€'$/m);
    oneLine(short, /has 468 characters, fewer than one window of 1001: lower --seq-len$/m);
  });
});
