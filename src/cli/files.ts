// File access for the CLI: every I/O problem becomes one CliFailure line naming the file and the
// reason, never a stack trace.
import { readFileSync, writeFileSync } from 'node:fs';
import { readModelFile, writeModelFile, type ModelFile } from '../io/safetensors.ts';
import { CliFailure } from './args.ts';

const reason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'it is a directory';
  return e.message;
};

export function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${reason(err)}`);
  }
}

/** A UTF-8 text file (a byte-order mark is dropped); invalid UTF-8 is refused. */
export function readText(path: string): string {
  const bytes = readBytes(path);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliFailure(`cannot read ${path}: it is not UTF-8 text`);
  }
}

export function readModel(path: string): ModelFile {
  const bytes = readBytes(path);
  try {
    return readModelFile(bytes);
  } catch (err) {
    throw new CliFailure(`cannot read model ${path}: ${(err as Error).message}`);
  }
}

export function writeModel(path: string, file: ModelFile): void {
  try {
    writeFileSync(path, writeModelFile(file));
  } catch (err) {
    throw new CliFailure(`cannot write ${path}: ${reason(err)}`);
  }
}
