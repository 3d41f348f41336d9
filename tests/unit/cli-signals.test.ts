// Ctrl-C and SIGTERM during `train`, sent to the real CLI once its first --json line has come:
// the last parameters are written to --out (atomically, naming their step) and it exits 128 + the
// signal; without --out it says nothing was saved; a second Ctrl-C ends it at once, leaving the
// old file whole or the new one complete, and no temporary file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/io/safetensors.ts';
import { jsonLines, startCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. ';
const OLD = 'an older file that must never be left half-overwritten';

/** Starts a long run and sends `signals` once its first step has been reported. */
async function interrupted(signals: NodeJS.Signals[], out: boolean) {
  const dir = tempFiles({ 't.txt': TEXT, 'm.safetensors': OLD });
  const args = ['train', '--text', join(dir, 't.txt'), '--hidden', '8', '--seq-len', '8', '--batch', '2', '--backend', 'cpu', '--steps', '10000000', '--json'];
  const run = startCli(out ? [...args, '--out', join(dir, 'm.safetensors')] : args);
  expect(await run.firstLine).toMatch(/^\{"step":1,/);
  for (const s of signals) run.child.kill(s);
  const r = await run.done;
  return { ...r, dir, model: join(dir, 'm.safetensors') };
}

describe('train interrupted', { timeout: 30_000 }, () => {
  it('Ctrl-C writes the last parameters to --out, says their step, and exits 130', async () => {
    const r = await interrupted(['SIGINT'], true);
    expect(r.code).toBe(130);
    const at = Number(/interrupted at step (\d+): wrote .*m.safetensors$/m.exec(r.stderr)?.[1]);
    expect(at).toBeGreaterThanOrEqual(jsonLines(r.stdout).at(-1)!.step);
    const file = readModelFile(readFileSync(r.model));
    expect(file.model.hiddenSize).toBe(8);
    expect(readdirSync(r.dir).sort()).toEqual(['m.safetensors', 't.txt']);
  });
  it('SIGTERM without --out says nothing was saved and exits 130', async () => {
    const r = await interrupted(['SIGTERM'], false);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted at step \d+: no --out given, nothing was saved$/m);
  });
  it('a second Ctrl-C exits at once: the old file whole or the new one complete, no temporary file', async () => {
    const r = await interrupted(['SIGINT', 'SIGINT'], true);
    expect(r.code).toBe(130);
    const bytes = readFileSync(r.model);
    if (bytes.toString() !== OLD) expect(readModelFile(bytes).model.hiddenSize).toBe(8);
    expect(readdirSync(r.dir).sort()).toEqual(['m.safetensors', 't.txt']);
  });
});
