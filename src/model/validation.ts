// The held-out part of a text task (config.ts ValidationSplit), taken out before any batcher is
// built, so no training batch ever reads it:
//   next character  the last floor(fraction * N) code points of the text; training reads the
//                   first N - h (its last character is only a target), the evaluation reads the
//                   held-out part from zero state, predicting each of its characters after the first;
//   lines           every `every`-th line (lines every-1, 2*every-1, ... counted from 0).
// A text too short for a held-out part (fewer than 2 held-out characters, a training part shorter
// than one window, no held-out line or no line left to train on) trains on all of it, and the
// summary says why (`reason`). A classifier keeps its own split (tasks.ts); memory tasks draw
// fresh sequences and have none.
import { textErrors, type ModelConfig, type TrainConfig, type ValidationSplit } from './config.ts';
import type { FArray } from './params.ts';
import { LinesLoss } from './sequence-train.ts';
import type { LineTask } from './tasks.ts';
import { WindowedLoss } from './train.ts';
import { codePoints, encode, type Vocab } from './vocab.ts';

/** What was held out, for the page and the CLI to say: `count` characters or lines (0 when none,
 *  with the reason: 'off' when the split is 0, 'tooShort' when the text cannot spare it). */
export interface HeldOutSummary {
  unit: 'characters' | 'lines';
  count: number;
  /** Characters or lines left to train on. */
  trained: number;
  reason: 'off' | 'tooShort' | null;
}

/** Next character: the text to train on and the held-out text (null when none). */
export function splitText(text: string, split: ValidationSplit, seqLen: TrainConfig['seqLen']): { train: string; heldOut: string | null; summary: HeldOutSummary } {
  const chars = codePoints(text);
  const h = Math.floor(chars.length * split.fraction);
  const none = (reason: HeldOutSummary['reason']) => ({ train: text, heldOut: null, summary: { unit: 'characters' as const, count: 0, trained: chars.length, reason } });
  if (split.fraction === 0) return none('off');
  const train = chars.slice(0, chars.length - h).join('');
  if (h < 2 || textErrors(train, seqLen).length > 0) return none('tooShort');
  return { train, heldOut: chars.slice(chars.length - h).join(''), summary: { unit: 'characters', count: h, trained: chars.length - h, reason: null } };
}

/** Lines: the task to train on (without its held-out lines) and the held-out lines (empty when none). */
export function splitLines(task: LineTask, split: ValidationSplit): { train: LineTask; heldOut: string[]; summary: HeldOutSummary } {
  const k = split.every;
  const heldOut = k === 0 ? [] : task.lines.filter((_, i) => i % k === k - 1);
  const lines = k === 0 ? task.lines : task.lines.filter((_, i) => i % k !== k - 1);
  if (heldOut.length === 0 || lines.length === 0) {
    return { train: task, heldOut: [], summary: { unit: 'lines', count: 0, trained: task.lines.length, reason: k === 0 ? 'off' : 'tooShort' } };
  }
  return { train: { ...task, lines }, heldOut, summary: { unit: 'lines', count: heldOut.length, trained: lines.length, reason: null } };
}

/** The held-out part as the backends evaluate it: a text read in windows (next character), or
 *  whole lines (each from the start token to the end token). */
export type HeldOut = { mode: 'lm'; text: string } | { mode: 'lines'; lines: string[] };

/**
 * The reference's validation loss (nats per predicted symbol) of `params` over the whole held-out
 * part: next character reads it from zero state in windows of `window` steps with the state
 * carried across them (evaluateLoss), lines one by one from zero state (evaluateLines). The
 * held-out text's characters the vocabulary does not hold are skipped (it was built from the
 * whole text, so there are none unless the model was imported).
 */
export function referenceValidationLoss(model: ModelConfig, params: FArray, vocab: Vocab, heldOut: HeldOut, window: number): number {
  return referenceValidation(model, params, vocab, heldOut, window).advance(Infinity)!;
}

/** The same a slice at a time: advance(n) reads up to n more windows (lines); the loss once all are read. */
export function referenceValidation(model: ModelConfig, params: FArray, vocab: Vocab, heldOut: HeldOut, window: number): { advance(n: number): number | null } {
  if (heldOut.mode === 'lines') return new LinesLoss(model, params, vocab, heldOut.lines);
  return new WindowedLoss(model, params, vocab.size, encode(vocab, heldOut.text).ids, window);
}
