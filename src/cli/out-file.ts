// Writing files for the CLI: checked before any work (the folder exists and takes files, the
// target is no directory and none of the command's inputs), then written to a temporary name in
// the same folder and renamed over the target, so an existing file is replaced only by a complete
// one. An interrupted write removes its temporary file (abortWrites, and at exit).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliFailure, UsageError } from './args.ts';
import { reason } from './files.ts';

/** Temporary files being written now: removed by abortWrites() and when the process exits. */
const pending = new Set<string>();

const removeQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
};

/** Removes every half-written temporary file (a second Ctrl-C, the process ending). */
export function abortWrites(): void {
  for (const tmp of pending) removeQuietly(tmp);
  pending.clear();
}
process.on('exit', abortWrites);

const tempName = (path: string) => join(dirname(resolve(path)), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/** The path with its folder's symbolic links resolved (the file itself may not exist yet). */
function realTarget(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * Refuses (exit 2) an output that is one of the command's inputs: the same real path, or, where
 * both exist, the same file (device and inode: a hard link). flag names the option, as --out.
 */
export function refuseInputAsOutput(out: string, inputs: Record<string, string | undefined>, flag = '--out'): void {
  const target = realTarget(out);
  let outStat: ReturnType<typeof statSync> | undefined;
  try {
    outStat = statSync(out);
  } catch {
    outStat = undefined;
  }
  for (const [inFlag, input] of Object.entries(inputs)) {
    if (input === undefined) continue;
    let same = realTarget(input) === target;
    if (!same && outStat) {
      try {
        const st = statSync(input);
        same = st.dev === outStat.dev && st.ino === outStat.ino;
      } catch {
        // a missing input is reported when it is read
      }
    }
    if (same) throw new UsageError(`${flag} ${out} is the file given to ${inFlag}: writing it would destroy that input; choose another name`);
  }
}

/**
 * Checks before any work that `path` can be written: its folder exists and takes new files (a
 * temporary file is created and removed there), and it is not a directory. One CliFailure line.
 */
export function checkWritable(path: string): void {
  const fail = (why: string) => new CliFailure(`cannot write ${path}: ${why}`);
  const dir = dirname(resolve(path));
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? `the folder ${dir} does not exist` : reason(err));
  }
  if (!st.isDirectory()) throw fail(`${dir} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw fail('it is a directory');
  const probe = tempName(path);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    throw fail(reason(err));
  }
  removeQuietly(probe);
}

/** Bytes per write call: a second Ctrl-C is seen between two of them. */
const CHUNK = 4 * 2 ** 20;

/**
 * Writes `bytes` to a temporary file next to `path`, syncs it, and renames it over `path` (the file a
 * symbolic link points to, when it is one); on any
 * failure the temporary file is removed, `path` is left as it was and a CliFailure names the reason.
 */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  // through a symbolic link: the file it points to is replaced, the link kept
  const target = realTarget(path);
  const tmp = tempName(target);
  pending.add(tmp);
  try {
    const file = await open(tmp, 'wx');
    try {
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const end = Math.min(at + CHUNK, bytes.length);
        for (let done = at; done < end; ) done += (await file.write(bytes, done, end - done)).bytesWritten;
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (!pending.has(tmp)) throw Object.assign(new Error('interrupted'), { code: 'EINTR' });
    renameSync(tmp, target);
    pending.delete(tmp);
  } catch (err) {
    pending.delete(tmp);
    removeQuietly(tmp);
    throw new CliFailure(`cannot write ${path}: ${reason(err)}`);
  }
}
