// The task side of `rnn-playground train`: next character over --text, the text read as lines
// (--mode lines: each a sequence from a start to an end token) or as `sentence<TAB>label` lines
// (--mode classify), with what parsing decided said on stderr, an initial model's vocabulary and
// labels checked against it, and a classifier's held-out accuracy; or a memory task (--task, no
// text). The training loop itself is train.ts's, on either backend.
import { ConfigError, textErrors, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { memoryLength, memoryVocab } from '../model/memory-tasks.ts';
import { evaluateExamples } from '../model/sequence-train.ts';
import { memoryTask, parseTask, taskModelError, TASK_MODES, type SequenceTask, type TaskMode, type TaskNote } from '../model/tasks.ts';
import { encode } from '../model/vocab.ts';
import type { ModelFile } from '../io/safetensors.ts';
import { choice, UsageError } from './args.ts';
import { readText } from './files.ts';
import { describeMemory, memoryFlags } from './memory-flags.ts';

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
export const MODE_NAME = { lm: 'a next-character model', lines: 'a line model', classify: 'a classifier', memory: 'a memory-task model' } as const;

/** What `train` trains on: the mode, the text (empty for a memory task) and the task (null: next character). */
export interface TrainingTask {
  mode: TaskMode;
  text: string;
  task: SequenceTask | null;
}

/**
 * The task the flags ask for: --task (a memory task; with --init of one, its task unless --task
 * says another), else --mode (default: the --init model's, else next character) over --text. Every
 * problem is a UsageError naming its flag.
 */
export function trainingTask(v: Record<string, unknown>, model: ModelConfig, cfg: TrainConfig, init: ModelFile | null, note: (line: string) => void, asUsage: (e: ConfigError) => UsageError): TrainingTask {
  const initPath = v.init as string | undefined;
  const memory = memoryFlags(v, init?.memory);
  const modeFlag = choice(v, 'mode', TASK_MODES);
  if (memory && (modeFlag ?? 'memory') !== 'memory') throw new UsageError(`--mode ${modeFlag}: --task trains a memory task (leave out --mode)`);
  if (memory) {
    if (v.text !== undefined) throw new UsageError('--text: a memory task generates its own sequences; leave out --text');
    if (init && init.mode !== 'memory') throw new UsageError(`--init: ${initPath} is ${MODE_NAME[init.mode ?? 'lm']}, not for --task`);
    if (init && memoryVocab(memory).symbols.join('') !== init.vocab.symbols.join('')) throw new UsageError(`--task ${memory.task}: ${initPath} was trained on ${describeMemory(init.memory!)}, whose symbols are not this task's (keep its task and --symbols)`);
    return { mode: 'memory', text: '', task: memoryTask(memory) };
  }
  const mode = modeFlag ?? init?.mode ?? 'lm';
  if (mode === 'memory') throw new UsageError('--task: name the memory task (--task recall, copy, ...)');
  if (!v.text) throw new UsageError('train needs --text FILE (the training text) or --task (a memory task)');
  const textPath = v.text as string;
  const text = readText(textPath);
  if (mode !== 'lm') {
    try {
      return { mode, text, task: sequenceTask(mode, model, text, textPath, init, initPath, note) };
    } catch (e) {
      // the mode came from the model file: say so, as the text was read for it
      if (e instanceof UsageError && init && !modeFlag) throw new UsageError(`${e.message} (it was read for --mode ${mode}: --init ${initPath} is ${MODE_NAME[mode]})`);
      throw e;
    }
  }
  if (init && (init.mode ?? 'lm') !== 'lm') throw new UsageError(`--init: ${initPath} is ${MODE_NAME[init.mode!]}, not a next-character model; add --mode ${init.mode}`);
  if (init) {
    const { ids, unknown } = encode(init.vocab, text);
    if (unknown > 0) note(`${unknown} characters of ${textPath} are not in the model's vocabulary; they are skipped.`);
    if (ids.length < cfg.seqLen + 1) throw new UsageError(`--seq-len: ${textPath} has ${ids.length} characters the model knows, fewer than one window of ${cfg.seqLen + 1}`);
  }
  const textProblem = textErrors(text, cfg.seqLen)[0];
  if (textProblem) throw asUsage(textProblem);
  return { mode, text, task: null };
}

/** The task of the text (its notes said), with an initial model's vocabulary and labels, which must agree. */
function sequenceTask(mode: 'lines' | 'classify', model: ModelConfig, text: string, textPath: string, init: ModelFile | null, initPath: string | undefined, note: (line: string) => void): SequenceTask {
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
  if (task.mode === 'memory') return `the memory task ${describeMemory(task.config)}, ${memoryLength(task.config)} steps per sequence`;
  return task.mode === 'lines' ? `${task.lines.length} lines` : `${task.train.length} examples of ${task.labels.length} labels (${task.heldOut.length} held out)`;
}

/** A classifier's accuracy and loss on its held-out sentences (null for a line model or none held out). */
export function heldOut(model: ModelConfig, params: Float32Array, task: SequenceTask): { accuracy: number; loss: number; count: number } | null {
  if (task.mode !== 'classify' || task.heldOut.length === 0) return null;
  const { accuracy, loss } = evaluateExamples(model, params, task, task.heldOut);
  return { accuracy, loss, count: task.heldOut.length };
}
