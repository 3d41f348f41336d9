// The worker's side of the sequence modes: the task of the page's text (or memory task), a classifier's
// held-out evaluation (on the reference, from one parameter readback, at most a tenth of the
// worker's time), whole generated lines, and live predictions for a typed sentence.
import { classify, evaluateExamples, sampleLine } from '../model/sequence-train.ts';
import { SUMMARY_SEQUENCES } from '../model/task-summary.ts';
import type { MemoryConfig } from '../model/memory-tasks.ts';
import { memoryTask, parseTask, type SequenceTask, type TaskMode } from '../model/tasks.ts';
import type { SampleOptions } from '../model/sample.ts';
import { encode, type Vocab } from '../model/vocab.ts';
import type { FromWorker } from './protocol.ts';
import { counted, type Run } from './run.ts';

/** Held-out sentences evaluated at most (the accuracy is over these). */
export const MAX_EVALUATED = 1000;
const EVAL_EVERY_MS = 2000;
/** Lines one sample request generates in line mode. */
export const LINES_PER_SAMPLE = 6;

/**
 * The task of `text` in `mode` (null for next-character mode; a memory task is `memory`'s, and
 * reads no text); with `vocab` (an imported model's), read with that vocabulary, and its `labels`
 * must be the text's (parseTask's ConfigErrors; memoryTask's name the knob).
 */
export function taskOf(mode: TaskMode, text: string, memory: MemoryConfig, vocab?: Vocab, labels?: readonly string[]): SequenceTask | null {
  if (mode === 'lm') return null;
  if (mode === 'memory') return memoryTask(memory);
  return parseTask(mode, text, vocab ? { vocab, labels } : undefined);
}

/** Whether a classifier's held-out evaluation is due: `force` after a step or a pause. */
export function evaluationDue(run: Run, task: SequenceTask | null, force: boolean): boolean {
  if (task?.mode !== 'classify' || task.heldOut.length === 0 || run.evaluatedStep >= run.lastStep) return false;
  return force || performance.now() >= run.evaluatedAt;
}

/** Evaluates the run on the held-out split; schedules the next one at ten times its CPU cost. */
export async function evaluate(run: Run, task: SequenceTask, post: (m: FromWorker, transfer?: Transferable[]) => void): Promise<void> {
  if (task.mode !== 'classify') return;
  const { step } = counted(run, await run.backend.flush()); // the step the parameters are at
  const params = await run.backend.getParams();
  const t0 = performance.now(); // the reference's time (the readback waits on the GPU, not the worker)
  const { accuracy, loss, predicted } = evaluateExamples(run.model, params, task, task.heldOut.slice(0, MAX_EVALUATED));
  const now = performance.now();
  run.evaluatedAt = now + Math.max(EVAL_EVERY_MS, 10 * (now - t0));
  run.evaluatedStep = step;
  const shown = predicted.slice(0, SUMMARY_SEQUENCES);
  post({ type: 'evaluation', runId: run.id, step, seconds: run.trainedMs / 1000, accuracy, loss, predicted: shown }, [shown.buffer]);
}

/** Line mode: LINES_PER_SAMPLE whole lines (each from the start to the end token), one per line. */
export function sampleLines(run: Run, params: Float32Array, opts: SampleOptions): string {
  return Array.from({ length: LINES_PER_SAMPLE }, (_, i) => sampleLine(run.model, params, run.vocab, { ...opts, seed: opts.seed * LINES_PER_SAMPLE + i })).join('\n');
}

/** A classifier's probabilities for `text`, and how many of its characters it does not know. */
export function predictLabel(run: Run, params: Float32Array, text: string): { probs: Float32Array | null; unknown: number } {
  const { unknown } = encode(run.vocab, text);
  return { probs: classify(run.model, params, run.vocab, run.labels.length, text), unknown };
}
