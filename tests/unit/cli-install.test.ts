// The CLI as a user gets it: the package packed (`npm pack`), installed into an empty temporary
// folder with `npm install --omit=dev` (no dev dependencies, packages from npm's cache when it has
// them), then run from node_modules/.bin: no engine warning on this Node, only what the CLI needs at
// run time, and it answers --version and trains.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string> };
const dir = mkdtempSync(join(tmpdir(), 'rnn-install-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command that must succeed; its stdout, and its stderr (where npm warns). */
function run(cmd: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  expect(r.status, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('npm install --omit=dev in an empty folder', { timeout: 180_000 }, () => {
  it('installs without engine warnings and the CLI runs: --version, then a few training steps', () => {
    const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir], process.cwd()).stdout.trim().split('\n').at(-1)!;
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'try-rnn-playground', private: true }));
    const install = run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], app);
    expect(install.stdout + install.stderr).not.toMatch(/EBADENGINE/);
    // the page's libraries are bundled into dist/ at build time: the CLI installs none of them
    const installed = readdirSync(join(app, 'node_modules'));
    for (const name of Object.keys(pkg.dependencies)) expect(installed).toContain(name);
    for (const name of ['react', 'katex', 'recharts', 'vite']) expect(installed).not.toContain(name);

    const cli = join(app, 'node_modules', '.bin', 'rnn-playground');
    expect(run(cli, ['--version'], app).stdout.trim()).toBe(pkg.version);
    writeFileSync(join(app, 'text.txt'), 'hello hello hello hello ');
    const lines = run(cli, ['train', '--text', 'text.txt', '--backend', 'cpu', '--hidden', '8', '--seq-len', '4', '--batch', '2', '--steps', '3', '--json', '--out', 'model.safetensors'], app)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; loss: number });
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(lines.every((l) => Number.isFinite(l.loss))).toBe(true);
    expect(readdirSync(app)).toContain('model.safetensors');
  });
});
