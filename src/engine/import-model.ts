// The worker's checks of a model file before it replaces the runs: the safetensors file read
// strictly, and the page's text making the model's task (its lines, or sentences with its labels)
// with at least one window of characters the model knows (a memory task's model brings its own
// task and reads no text), and a model that fits its task. A file
// that fails is refused with a ConfigError at the 'import' field, and nothing has changed: the
// worker checks before it stops the runs that are training.
import { readModelFile, type ModelFile } from '../io/safetensors.ts';
import { ConfigError, type TrainConfig } from '../model/config.ts';
import { taskModelError, taskTexts, type SequenceTask, type TaskMode } from '../model/tasks.ts';
import type { MemoryConfig } from '../model/memory-tasks.ts';
import { encode } from '../model/vocab.ts';
import { taskOf } from './sequence-tasks.ts';

export interface CheckedImport {
  file: ModelFile;
  mode: TaskMode;
  /** The memory task the runs train on: the file's, else the page's (unused by other modes). */
  memory: MemoryConfig;
  /** Characters of what the model reads that are not in its vocabulary (skipped). */
  unknown: number;
}

export function checkImport(bytes: ArrayBuffer, fileName: string, text: string, train: TrainConfig, pageMemory: MemoryConfig): CheckedImport {
  let file: ModelFile;
  try {
    file = readModelFile(new Uint8Array(bytes));
  } catch (err) {
    const reason = (err as Error).message;
    throw new ConfigError('import', `${fileName} cannot be opened: ${reason}`, { code: 'importFailed', params: { file: fileName, reason } });
  }
  const mode = file.mode ?? 'lm';
  const memory = file.memory ?? pageMemory;
  const refused = taskModelError(mode, file.model);
  if (refused) throw asImportError(refused, fileName);
  const { ids, unknown: unknownInText } = encode(file.vocab, text);
  let unknown = unknownInText;
  if (mode !== 'lm') {
    // the page's text must make the model's task (its lines, or sentences with its labels)
    let task: SequenceTask;
    try {
      task = taskOf(mode, text, memory, file.vocab, file.labels)!;
    } catch (err) {
      if (!(err instanceof ConfigError) || !err.problem) throw err;
      throw asImportError(err, fileName);
    }
    // only what the model reads counts (not the labels, tabs or line breaks)
    unknown = taskTexts(task).reduce((n, t) => n + encode(file.vocab, t).unknown, 0);
  } else if (ids.length < train.seqLen + 1) {
    const params = { known: ids.length, window: train.seqLen + 1, file: fileName };
    throw new ConfigError('import', `${fileName}: your text has ${params.known} characters that this model knows, fewer than one window of ${params.window}: use text in the model's alphabet or a shorter sequence length.`, { code: 'importWindow', params });
  }
  return { file, mode, memory, unknown };
}

/** A problem with an imported file, shown at the import button (where training is not stopped). */
export function asImportError(err: unknown, fileName: string): ConfigError {
  if (err instanceof ConfigError) {
    const problem = err.problem && { ...err.problem, params: { ...err.problem.params, file: fileName } };
    return new ConfigError('import', `${fileName}: ${err.message}`, problem);
  }
  const reason = (err as Error).message;
  return new ConfigError('import', `${fileName} cannot be opened: ${reason}`, { code: 'importFailed', params: { file: fileName, reason } });
}
