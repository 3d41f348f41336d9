// Reading files for the CLI: every I/O problem becomes one CliFailure line naming the file and the
// reason in plain words, never a stack trace; every input has a size cap, checked with fstat before
// reading a regular file, and counted while reading anything else (/dev/zero, a pipe), so a command
// never fills the memory.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_MODEL_BYTES, readModelFile, type ModelFile } from '../io/safetensors.ts';
import { CliFailure } from './args.ts';

/**
 * The largest training or evaluation text: 128 MiB of UTF-8. It holds enwik8 (95 MiB), the usual
 * character-level benchmark; its string (2 bytes per UTF-16 unit) and ids (4 bytes per character,
 * at most 512 MiB) stay far below V8's longest string (2^29 units) and a laptop's memory.
 */
export const MAX_TEXT_BYTES = 128 * 2 ** 20;

/** What went wrong with a file, in plain words, for every errno (a fallback names the code). */
export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'the operation is not permitted there';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EIO':
      return 'an input/output error (the disk or the network drive failed)';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return e.code ? `system error ${e.code}` : e.message;
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/** The bytes of `path`, refused past `cap` (what names the kind of file in the message). */
export function readBytes(path: string, cap: number, what: string): Uint8Array {
  const stdin = path === '-';
  const name = stdin ? 'standard input' : path;
  const tooLarge = (detail: string) => new CliFailure(`cannot read ${name}: it is larger than the ${mib(cap)} a ${what} may have (${detail})`);
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(path, 'r');
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${reason(err)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new CliFailure(`cannot read ${name}: it is a directory`);
    if (st.isFile() && st.size > cap) throw tooLarge(`${st.size} bytes`);
    // a regular file is read in one buffer of its size (more chunks if it grows meanwhile);
    // anything else in chunks of 1 MiB, counted against the cap
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(chunks.length === 0 && st.isFile() ? Math.max(st.size, 1) : 1 << 20);
      let filled = 0;
      while (filled < chunk.length) {
        const n = readSync(fd, chunk, filled, chunk.length - filled, null);
        if (n === 0) break;
        filled += n;
        if (total + filled > cap) throw tooLarge('reading stopped there');
      }
      total += filled;
      if (filled > 0) chunks.push(chunk.subarray(0, filled));
      if (filled < chunk.length) break;
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`cannot read ${name}: ${reason(err)}`);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** A UTF-8 text file (a byte-order mark is dropped), at most MAX_TEXT_BYTES; invalid UTF-8 is
 *  refused. `-` reads standard input to its end. */
export function readText(path: string): string {
  const bytes = readBytes(path, MAX_TEXT_BYTES, 'text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliFailure(`cannot read ${path === '-' ? 'standard input' : path}: it is not UTF-8 text`);
  }
}

/** A model file, at most MAX_MODEL_BYTES, read strictly (src/io/safetensors.ts). */
export function readModel(path: string): ModelFile {
  const bytes = readBytes(path, MAX_MODEL_BYTES, 'model file');
  try {
    return readModelFile(bytes);
  } catch (err) {
    throw new CliFailure(`cannot read model ${path}: ${(err as Error).message}`);
  }
}
