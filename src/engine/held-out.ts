// The worker's validation (issue "Experiments you can trust"): the session's text split before any
// backend is built (src/model/validation.ts: the last fraction of a next-character text, every
// k-th line of a line task), so no training batch reads the held-out part; and its evaluation on
// the run's backend (the GPU for next character) every few seconds of training, time-based and
// between rounds of steps: it opens on a snapshot of the parameters at a step and reads SLICE
// windows (lines) per round, so a long held-out part never stalls training; the next one is due
// VAL_EVERY_MS after the last ended, or ten times its cost if that is longer, so evaluating takes
// at most about a tenth of the worker's time. The loss is set on the metric point of the step it
// opened at; that point and the later ones wait to be posted until it is known.
import type { MetricPoint } from '../io/loss-csv.ts';
import type { TrainConfig } from '../model/config.ts';
import type { SequenceTask } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import { splitLines, splitText, type HeldOut, type HeldOutSummary } from '../model/validation.ts';
import { buildVocab, type Vocab } from '../model/vocab.ts';
import { counted, type Run } from './run.ts';

export const VAL_EVERY_MS = 3000;
/** Windows (lines) evaluated per round of training steps. */
export const SLICE = 32;

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

/** Whether the run's validation is due: one is open, or it is time for the next (`force`: after
 *  a step or a pause), unless its step was evaluated. */
export function validationDue(run: Run, heldOut: HeldOut | null, force: boolean): boolean {
  if (run.validation) return true;
  if (!heldOut || run.validatedStep >= run.lastStep) return false;
  return force || performance.now() >= run.validatedAt;
}

/** Opens an evaluation at the step the parameters are at (`record` adds that step's point when it
 *  is new), or goes on with the open one: SLICE more windows, all of them when `force`; once done,
 *  sets the loss on that step's point. */
export async function validate(run: Run, heldOut: HeldOut, record: (run: Run, r: StepResult) => void, force: boolean): Promise<void> {
  const t0 = performance.now();
  if (!run.validation) {
    const r = counted(run, await run.backend.flush());
    record(run, r);
    run.validation = { v: await run.backend.openValidation(heldOut), step: r.step, ms: 0 };
  }
  const open = run.validation;
  const valLoss = await open.v.advance(force ? Infinity : SLICE);
  const now = performance.now();
  open.ms += now - t0;
  if (valLoss === null) return;
  open.v.close();
  run.validation = null;
  run.validatedAt = now + Math.max(VAL_EVERY_MS, 10 * open.ms);
  run.validatedStep = open.step;
  const point = run.pending.find((p) => p.step === open.step);
  if (point) point.valLoss = valLoss;
}

/** The run's points that may be posted now (taken out of `pending`): all, or while an evaluation
 *  is open those before its step (the rest wait for its loss). */
export function postable(run: Run): MetricPoint[] {
  const held = run.validation?.step;
  const ready = held === undefined ? run.pending : run.pending.filter((p) => p.step < held);
  run.pending = held === undefined ? [] : run.pending.filter((p) => p.step >= held);
  return ready;
}

/** Frees an open evaluation (the run is replaced or moves to another backend). */
export function closeValidation(run: Run): void {
  run.validation?.v.close();
  run.validation = null;
}
