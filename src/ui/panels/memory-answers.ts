// The memory tasks' token rows as data: each position of a sequence with its input token and, at
// an answer position, the right answer and — once a run has answered — the run's probability of
// it, whether its top guess is right, and its top guesses. Read by the task picker's examples and
// the per-token feedback panel (MemoryPanel.tsx); the tallies are the panel's summary.
import { tokenLabel, type MemoryConfig } from '../../model/memory-tasks.ts';
import type { Answers } from '../../store/state.ts';

export interface TokenCell {
  /** The input token as a person reads it. */
  input: string;
  /** The right answer here, or null where nothing is asked. */
  answer: string | null;
  /** The run's probability of the right answer, whether its top guess is it, its top guesses. */
  p?: number;
  right?: boolean;
  top?: { token: string; p: number }[];
}

/** The cells of a sequence (ids and targets, -1 where nothing is asked), without a run's answers. */
export function sequenceCells(c: MemoryConfig, symbols: readonly string[], inputs: ArrayLike<number>, targets: ArrayLike<number>): TokenCell[] {
  return Array.from(inputs, (id, t) => {
    const y = targets[t]!;
    return { input: tokenLabel(c, symbols[id] ?? '?'), answer: y >= 0 ? tokenLabel(c, symbols[y] ?? '?') : null };
  });
}

/** The cells of a sequence a run answered: at each answer position its p(right answer), whether
 *  its most likely token is the answer (argmax = target), and its top guesses. */
export function answerCells(c: MemoryConfig, symbols: readonly string[], a: Answers): TokenCell[] {
  const { k, ids, probs } = a.topK;
  return sequenceCells(c, symbols, a.inputs, a.targets).map((cell, t) => {
    if (cell.answer === null) return cell;
    const top = Array.from({ length: k }, (_, j) => ({ token: tokenLabel(c, symbols[ids[t * k + j]!] ?? '?'), p: probs[t * k + j]! }));
    return { ...cell, p: a.targetProbs[t]!, right: k > 0 && ids[t * k] === a.targets[t], top };
  });
}

/** Right answers of all answer positions of some answered sequences. */
export function tally(rows: readonly TokenCell[][]): { right: number; asked: number } {
  const asked = rows.flat().filter((c) => c.answer !== null);
  return { right: asked.filter((c) => c.right).length, asked: asked.length };
}
