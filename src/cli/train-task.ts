// The task side of `rnn-playground train --mode lines|classify`: the text read as lines (each a
// sequence from a start to an end token) or as `sentence<TAB>label` lines, with what parsing
// decided said on stderr, an initial model's vocabulary and labels checked against it, and a
// classifier's held-out accuracy. The training loop itself is train.ts's, on either backend.
import { ConfigError, type ModelConfig } from '../model/config.ts';
import { evaluateExamples } from '../model/sequence-train.ts';
import { parseTask, taskModelError, type SequenceTask, type TaskNote } from '../model/tasks.ts';
import type { ModelFile } from '../io/safetensors.ts';
import { UsageError } from './args.ts';

function describeNote(n: TaskNote): string {
  switch (n.code) {
    case 'emptyLinesSkipped':
      return `${n.count} empty line(s) skipped`;
    case 'tokensStripped':
      return `${n.count} start/end control character(s) (U+0002, U+0003) removed from the text`;
    case 'singletonLabels':
      return `label(s) with a single example, kept for training and not held out: ${n.labels.join(', ')}`;
  }
}

/** A model file's task, as the messages about --init name it. */
export const MODE_NAME = { lm: 'a next-character model', lines: 'a line model', classify: 'a classifier' } as const;

/** The task of the text (its notes said), with an initial model's vocabulary and labels, which must agree. */
export function sequenceTask(mode: 'lines' | 'classify', model: ModelConfig, text: string, textPath: string, init: ModelFile | null, initPath: string | undefined, note: (line: string) => void): SequenceTask {
  const refused = taskModelError(mode, model);
  if (refused) throw new UsageError(`--bidirectional: ${refused.message}`);
  const initMode = init?.mode ?? 'lm';
  if (init && initMode !== mode) throw new UsageError(`--init: ${initPath} is ${MODE_NAME[initMode]} (mode ${initMode}), not for --mode ${mode}`);
  let task: SequenceTask;
  try {
    task = parseTask(mode, text, init ?? undefined);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new UsageError(e.problem?.code === 'labelsDiffer' ? `--init: ${initPath}: ${e.message}` : `--text: ${textPath}: ${e.message}`);
  }
  task.notes.forEach((n) => note(describeNote(n)));
  return task;
}

/** What a run trains on, for the first line it prints. */
export function taskDescription(task: SequenceTask): string {
  return task.mode === 'lines' ? `${task.lines.length} lines` : `${task.train.length} examples of ${task.labels.length} labels (${task.heldOut.length} held out)`;
}

/** A classifier's accuracy and loss on its held-out sentences (null for a line model or none held out). */
export function heldOut(model: ModelConfig, params: Float32Array, task: SequenceTask): { accuracy: number; loss: number; count: number } | null {
  if (task.mode !== 'classify' || task.heldOut.length === 0) return null;
  const { accuracy, loss } = evaluateExamples(model, params, task, task.heldOut);
  return { accuracy, loss, count: task.heldOut.length };
}
