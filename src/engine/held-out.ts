// The worker's validation (issue "Experiments you can trust"): the session's text split before any
// backend is built (src/model/validation.ts: the last fraction of a next-character text, every
// k-th line of a line task), so no training batch reads the held-out part; and its evaluation on
// the run's backend (the GPU for next character) every few seconds of training, time-based and
// between rounds of steps: the next one is due VAL_EVERY_MS later, or ten times the last one's
// cost if that is longer, so evaluating takes at most about a tenth of the worker's time. The
// loss is set on the metric point of the step the parameters are at (posted with the metrics).
import type { TrainConfig } from '../model/config.ts';
import type { SequenceTask } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import { splitLines, splitText, type HeldOut, type HeldOutSummary } from '../model/validation.ts';
import { buildVocab, type Vocab } from '../model/vocab.ts';
import { counted, type Run } from './run.ts';

export const VAL_EVERY_MS = 3000;

/** What the runs train on after the split, what is held out, and the vocabulary of the whole text. */
export interface Split {
  text: string;
  task: SequenceTask | null;
  heldOut: HeldOut | null;
  summary: HeldOutSummary | undefined;
  /** Next character: the whole text's vocabulary (the held-out part may hold characters the rest lacks). */
  vocab: Vocab | undefined;
}

/** The split of the session's text or line task (classification and memory tasks: none). `vocab`:
 *  an imported model's, else the whole text's. */
export function splitSession(text: string, task: SequenceTask | null, train: TrainConfig, vocab: Vocab | undefined): Split {
  if (!task) {
    const s = splitText(text, train.validation, train.seqLen);
    return { text: s.train, task: null, heldOut: s.heldOut === null ? null : { mode: 'lm', text: s.heldOut }, summary: s.summary, vocab: vocab ?? buildVocab(text) };
  }
  if (task.mode !== 'lines') return { text, task, heldOut: null, summary: undefined, vocab };
  const s = splitLines(task, train.validation);
  return { text, task: s.train, heldOut: s.heldOut.length ? { mode: 'lines', lines: s.heldOut } : null, summary: s.summary, vocab };
}

/** Whether the run's validation is due: `force` after a step or a pause, unless its step was evaluated. */
export function validationDue(run: Run, heldOut: HeldOut | null, force: boolean): boolean {
  if (!heldOut || run.validatedStep >= run.lastStep) return false;
  return force || performance.now() >= run.validatedAt;
}

/** Evaluates the held-out part at the step the parameters are at (`record` adds that step's point
 *  when it is new) and sets the loss on that point while it waits to be posted. */
export async function validate(run: Run, heldOut: HeldOut, record: (run: Run, r: StepResult) => void): Promise<void> {
  const r = counted(run, await run.backend.flush());
  record(run, r);
  const t0 = performance.now();
  const valLoss = await run.backend.validationLoss(heldOut);
  const now = performance.now();
  run.validatedAt = now + Math.max(VAL_EVERY_MS, 10 * (now - t0));
  run.validatedStep = r.step;
  const point = run.pending.find((p) => p.step === r.step);
  if (point) point.valLoss = valLoss;
}
