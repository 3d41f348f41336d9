// The CLI's memory tasks through its real entry point: `train --task` (accuracy in --json, the
// task kept in the model file), `sweep` (one JSON line per point with the knob's name, the table),
// and their usage errors: one line, exit 2.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readModelFile } from '../../src/io/safetensors.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';

const dir = tempFiles({});
const tiny = ['--hidden', '8', '--batch', '4', '--backend', 'cpu'];

describe('CLI memory tasks', { timeout: 60_000 }, () => {
  it('train --task: every --json line has the accuracy; the model file keeps the task', async () => {
    const out = join(dir, 'copy.safetensors');
    const r = await runCli(['train', '--task', 'copy', '--delay', '3', '--length', '2', '--symbols', '4', '--steps', '5', '--json', '--out', out, ...tiny]);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4, 5]);
    for (const l of lines) expect(l.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.stderr).toMatch(/on the memory task copy \(length 2, 4 symbols, delay 3\), 8 steps per sequence/);
    expect(r.stderr).toMatch(/accuracy 0\.\d{3} on the last batch \(chance 0\.250\)/);
    expect(readModelFile(new Uint8Array(readFileSync(out)))).toMatchObject({ mode: 'memory', memory: { task: 'copy', delay: 3, length: 2, symbols: 4 } });
  });
  it('sweep --json: one line per (cell, difficulty) with the knob, steps, loss, accuracy and chance', async () => {
    const r = await runCli(['sweep', '--task', 'parity', '--lengths', '2,3', '--cells', 'rnn,gru', '--steps', '20', '--json', ...tiny]);
    expect(r.code).toBe(0);
    const lines = jsonLines<{ task: string; cell: string; length: number; steps: number; loss: number; accuracy: number; chance: number }>(r.stdout);
    expect(lines.map((l) => [l.cell, l.length])).toEqual([['rnn', 2], ['gru', 2], ['rnn', 3], ['gru', 3]]);
    for (const l of lines) expect(l).toMatchObject({ task: 'parity', steps: 20, chance: 0.5, accuracy: expect.any(Number), loss: expect.any(Number) });
    const table = await runCli(['sweep', '--task', 'recall', '--delays', '1', '--cells', 'lstm', '--steps', '20', ...tiny]);
    expect(table.stdout).toMatch(/^\s+delay\s+LSTM\s+chance\n\s+1\s+\d+\.\d %\s+12\.5 %\n$/);
  });
  it('eval scores a memory-task model on fresh sequences; sample refuses it', async () => {
    const model = join(dir, 'recall.safetensors');
    expect((await runCli(['train', '--task', 'recall', '--delay', '2', '--symbols', '3', '--steps', '3', '--out', model, ...tiny])).code).toBe(0);
    const r = await runCli(['eval', model, '--sequences', '50', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ sequences: 50, chance: 1 / 3, accuracy: expect.any(Number), loss: expect.any(Number) });
    const s = await runCli(['sample', model]);
    expect([s.code, s.stderr]).toEqual([2, expect.stringMatching(/is a memory-task model: .* use eval/)]);
  });
  it.each([
    [['train', '--task', 'recall', '--delay', '5000'], /--delay: These sequences are 5002 steps long, more than the 1024 a network is built for: use a delay of at most 1022/],
    [['train', '--task', 'recall', '--symbols', '1'], /--symbols: symbols must be between 2 and 26 for recall \(got 1\)/],
    [['train', '--delay', '5'], /--delay is a memory task's knob: add --task/],
    [['train', '--task', 'parity', '--depth', '3'], /--depth: the parity task has no such knob \(it reads --length\)/],
    [['train', '--task', 'copy', '--text', 'x.txt'], /--text: a memory task generates its own sequences/],
    [['train', '--task', 'frog'], /--task must be one of copy, recall, parity, brackets, counting, order \(got 'frog'\)/],
    [['sweep', '--task', 'copy', '--delays', '5,x'], /--delays must be a number \(got 'x'\)/],
    [['sweep', '--task', 'copy', '--length', '5', '--delays', '5,2000'], /--delays: delay 2000: These sequences are 2011 steps long.*at most 1013/],
    [['sweep', '--task', 'brackets', '--delays', '5'], /--delays: the brackets task's difficulty is its depth: use --depths/],
    [['sweep', '--delays', '5'], /sweep needs --task/],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await runCli([...args, '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
