// `rnn-playground train --backend webgpu` (Dawn on SwiftShader) with a held-out part and
// checkpoints: 2 steps, a checkpoint, --resume for 2 more end with the parameters and losses of 4
// straight steps, and the valLoss lines equal the CPU backend's run to 1e-4.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/io/safetensors.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. a bird sat on the wire. '.repeat(3);
type Line = { step: number; loss: number; valLoss?: number };

describe('CLI resume on WebGPU', () => {
  it('checkpoint + --resume = a straight run; valLoss = the CPU backend', async (ctx) => {
    if (!(await gpuOrSkip(ctx.skip))) return;
    const dir = tempFiles({ 't.txt': TEXT });
    const base = ['train', '--text', join(dir, 't.txt'), '--hidden', '12', '--seq-len', '8', '--batch', '3', '--val', '0.1', '--eval-every', '2', '--schedule', 'step', '--step-every', '2', '--json'];
    const gpu = { software: true };
    const out = (n: string) => join(dir, `${n}.safetensors`);
    const straight = await runCli([...base, '--backend', 'webgpu', '--steps', '4', '--out', out('straight')], gpu);
    expect(straight.code, straight.stderr).toBe(0);
    await runCli([...base, '--backend', 'webgpu', '--steps', '2', '--save-every', '2', '--out', out('ck')], gpu);
    const resumed = await runCli(['train', '--text', join(dir, 't.txt'), '--backend', 'webgpu', '--json', '--eval-every', '2', '--resume', out('ck'), '--steps', '2', '--out', out('resumed')], gpu);
    expect(resumed.code, resumed.stderr).toBe(0);
    const a = jsonLines<Line>(straight.stdout);
    expect(jsonLines<Line>(resumed.stdout).map((l) => [l.step, l.loss, l.valLoss])).toEqual(a.slice(2).map((l) => [l.step, l.loss, l.valLoss]));
    expect(readModelFile(readFileSync(out('resumed'))).params).toEqual(readModelFile(readFileSync(out('straight'))).params);
    const cpu = jsonLines<Line>((await runCli([...base, '--backend', 'cpu', '--steps', '4'])).stdout);
    expect(a.map((l) => l.valLoss === undefined)).toEqual([true, false, true, false]);
    a.forEach((l, i) => {
      if (l.valLoss !== undefined) expect(Math.abs(l.valLoss - cpu[i]!.valLoss!) / cpu[i]!.valLoss!).toBeLessThanOrEqual(1e-4);
    });
  });
});
