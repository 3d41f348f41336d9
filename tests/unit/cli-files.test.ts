// The CLI's files: --out checked before training (not an input, a folder that takes files, not a
// directory), written to a temporary name and renamed (an interrupted or failed write leaves the
// old file whole and no temporary file), every errno said in plain words, and every input read
// under a cap (fstat first; /dev/zero and pipes counted while read).
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from '../../src/cli/args.ts';
import { MAX_MODEL_BYTES } from '../../src/io/safetensors.ts';
import { MAX_TEXT_BYTES, readBytes, readModel, readText, reason } from '../../src/cli/files.ts';
import { abortWrites, checkWritable, refuseInputAsOutput, writeAtomic } from '../../src/cli/out-file.ts';
import { runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. ';
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('--out is checked before training', { timeout: 30_000 }, () => {
  it('the training text as --out is refused with exit 2 and left as it was', async () => {
    const dir = tempFiles({ 't.txt': TEXT });
    const r = await runCli(['train', '--text', join(dir, 't.txt'), '--out', join(dir, '.', 't.txt'), '--steps', '1', '--backend', 'cpu', '--hidden', '4', '--seq-len', '4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*t.txt is the file given to --text: writing it would destroy that input/);
    expect(r.stderr).not.toMatch(/training/);
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).toBe(TEXT);
  });
  it('an input by another name (a symbolic or a hard link, --init) is refused too', () => {
    const dir = tempFiles({ 't.txt': TEXT, 'm.safetensors': 'x' });
    symlinkSync(join(dir, 't.txt'), join(dir, 'sym.txt'));
    linkSync(join(dir, 't.txt'), join(dir, 'hard.txt'));
    for (const out of ['sym.txt', 'hard.txt']) {
      const e = thrown(() => refuseInputAsOutput(join(dir, out), { '--text': join(dir, 't.txt') }));
      expect(e).toBeInstanceOf(UsageError);
    }
    expect(thrown(() => refuseInputAsOutput(join(dir, 'm.safetensors'), { '--text': join(dir, 't.txt'), '--init': join(dir, 'm.safetensors') })).message).toMatch(/given to --init/);
    expect(() => refuseInputAsOutput(join(dir, 'new.safetensors'), { '--text': join(dir, 't.txt') })).not.toThrow();
  });
  it('a missing folder is found before training: exit 1, one line, nothing trained', async () => {
    const dir = tempFiles({ 't.txt': TEXT });
    const r = await runCli(['train', '--text', join(dir, 't.txt'), '--out', join(dir, 'no-such-dir', 'm.safetensors'), '--steps', '1', '--backend', 'cpu', '--hidden', '4', '--seq-len', '4']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^rnn-playground train: cannot write .*m.safetensors: the folder .*no-such-dir does not exist$/);
  });
  it('a directory, a path through a file, and a folder that refuses files are each one plain line', () => {
    const dir = tempFiles({ 'file.txt': 'x' });
    mkdirSync(join(dir, 'sub'));
    expect(thrown(() => checkWritable(join(dir, 'sub'))).message).toMatch(/cannot write .*sub: it is a directory$/);
    expect(thrown(() => checkWritable(join(dir, 'file.txt', 'm.safetensors'))).message).toMatch(/file.txt is not a folder$/);
    expect(thrown(() => checkWritable('/proc/m.safetensors'))).toBeInstanceOf(CliFailure);
    checkWritable(join(dir, 'file.txt')); // an existing file is fine: it is replaced when the new one is complete
    expect(readdirSync(dir).sort()).toEqual(['file.txt', 'sub']); // the probe file is gone
  });
  it.each([
    ['ENOENT', /no such file or folder/], ['EACCES', /permission denied/], ['EPERM', /not permitted/], ['EROFS', /read-only/],
    ['EISDIR', /a directory/], ['ENOTDIR', /not a directory/], ['ENOSPC', /disk is full/], ['EIO', /input\/output error/], ['EXDEV', /system error EXDEV/],
  ])('%s is said in plain words', (code, words) => {
    const said = reason(Object.assign(new Error(`${code}: raw node message, open '/x'`), { code }));
    expect(said).toMatch(words);
    expect(said).not.toContain('raw node message');
  });
});

describe('atomic writes', { timeout: 30_000 }, () => {
  it('replaces an existing file with the complete new one and leaves no temporary file', async () => {
    const dir = tempFiles({ 'm.safetensors': 'old' });
    await writeAtomic(join(dir, 'm.safetensors'), new TextEncoder().encode('new contents'));
    expect(readFileSync(join(dir, 'm.safetensors'), 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
  });
  it('through a symbolic link: the file it points to is replaced and the link kept', async () => {
    const dir = tempFiles({ 'real.safetensors': 'old' });
    symlinkSync(join(dir, 'real.safetensors'), join(dir, 'link.safetensors'));
    await writeAtomic(join(dir, 'link.safetensors'), new TextEncoder().encode('new'));
    expect(readFileSync(join(dir, 'real.safetensors'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'link.safetensors')).isSymbolicLink()).toBe(true);
  });
  it('a write aborted half way (a second Ctrl-C) leaves the old file whole and removes the temporary one', async () => {
    const dir = tempFiles({ 'm.safetensors': 'old' });
    const writing = writeAtomic(join(dir, 'm.safetensors'), new Uint8Array(64 * 2 ** 20).fill(7));
    const half = () => readdirSync(dir).some((f) => f.endsWith('.tmp'));
    for (let i = 0; i < 1000 && !half(); i++) await new Promise((r) => setTimeout(r, 1));
    expect(half()).toBe(true);
    abortWrites();
    await expect(writing).rejects.toBeInstanceOf(CliFailure);
    expect(readFileSync(join(dir, 'm.safetensors'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
  });
  it('a write that fails says why in the same words and leaves the target alone', async () => {
    const dir = tempFiles({});
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    rmSync(gone, { recursive: true });
    await expect(writeAtomic(join(gone, 'm.safetensors'), Uint8Array.of(1))).rejects.toThrow(/^cannot write .*m.safetensors: no such file or folder$/);
    expect(existsSync(gone)).toBe(false);
  });
});

describe('read caps', { timeout: 30_000 }, () => {
  it('a regular file past the cap is refused from its size, before reading', () => {
    const dir = tempFiles({ 'big.txt': '', 'big.safetensors': '' });
    truncateSync(join(dir, 'big.txt'), MAX_TEXT_BYTES + 1); // sparse: nothing is written
    truncateSync(join(dir, 'big.safetensors'), MAX_MODEL_BYTES + 1);
    expect(thrown(() => readText(join(dir, 'big.txt'))).message).toMatch(/big.txt: it is larger than the 128 MB a text may have \(134217729 bytes\)$/);
    expect(thrown(() => readModel(join(dir, 'big.safetensors'))).message).toMatch(new RegExp(`it is larger than the ${MAX_MODEL_BYTES / 2 ** 20} MB a model file may have \\(${MAX_MODEL_BYTES + 1} bytes\\)$`));
  });
  it('/dev/zero (no size) is read with a running count and stopped at the cap', () => {
    expect(thrown(() => readBytes('/dev/zero', 3 * 2 ** 20, 'text')).message).toBe('cannot read /dev/zero: it is larger than the 3 MB a text may have (reading stopped there)');
    expect(thrown(() => readText('/dev/zero')).message).toMatch(/larger than the 128 MB a text may have/);
  });
  it('sample refuses a model file past the cap in one line', async () => {
    const dir = tempFiles({ 'big.safetensors': '' });
    truncateSync(join(dir, 'big.safetensors'), MAX_MODEL_BYTES + 1);
    const r = await runCli(['sample', join(dir, 'big.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^rnn-playground sample: cannot read .*big.safetensors: it is larger than the ${MAX_MODEL_BYTES / 2 ** 20} MB a model file may have \\(${MAX_MODEL_BYTES + 1} bytes\\)$`));
  });
  it('reads files of any size up to the cap, and empty ones', () => {
    const dir = tempFiles({ 'a.txt': 'héllo', 'e.txt': '' });
    expect(readText(join(dir, 'a.txt'))).toBe('héllo');
    expect(readText(join(dir, 'e.txt'))).toBe('');
    writeFileSync(join(dir, 'b.bin'), new Uint8Array(3 * 2 ** 20 + 5).fill(1));
    expect(readBytes(join(dir, 'b.bin'), MAX_TEXT_BYTES, 'text').length).toBe(3 * 2 ** 20 + 5);
  });
});
