// Runs the real CLI entry (bin/rnn-playground.mjs) in a child process, as `npx rnn-playground` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SWIFTSHADER_ICD } from '../../src/backend/webgpu/node-gpu.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `rnn-playground ...args`; `software` points Dawn at SwiftShader; `input` is written to
 *  its standard input. Never rejects. */
export function runCli(args: string[], { software = false, input }: { software?: boolean; input?: string | Uint8Array } = {}): Promise<CliResult> {
  return startCli(args, { software, input }).done;
}

/** A running `rnn-playground ...args`: its process (to send it signals), its first line on stdout
 *  (null if it ended without one), and its result once it has ended. */
export function startCli(args: string[], { software = false, input }: { software?: boolean; input?: string | Uint8Array } = {}): { child: ChildProcess; firstLine: Promise<string | null>; done: Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = { ...process.env, RNN_PLAYGROUND_DEBUG: '' };
  if (software) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    delete env.VK_DRIVER_FILES; // the Vulkan loader prefers it to VK_ICD_FILENAMES
  }
  const child = spawn(process.execPath, ['bin/rnn-playground.mjs', ...args], { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  let lineSeen: (line: string | null) => void = () => undefined;
  const firstLine = new Promise<string | null>((r) => (lineSeen = r));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('\n')) lineSeen(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      lineSeen(null);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, firstLine, done };
}

/** A fresh temporary directory with the given files written into it; returns its path. */
export function tempFiles(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The lines of a --json run, parsed. */
export const jsonLines = <T = { step: number; loss: number; gradNorm: number; clipped: boolean; charsPerSec: number; accuracy?: number }>(stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as T);
