// Where a memory sequence's last answer gets what it needs: the earliest input that answer depends
// on (the letter to recall or copy, the first bit or a, the opener it closes, the first X/Y). The
// gradient-flow view measures how much of that answer's gradient still reaches this position.
import { ORDER_MARKS, TOKEN, type MemoryConfig } from './memory-tasks.ts';

/** The last answer's position and the earliest input it needs (null when nothing is asked). */
export function lastAnswerSource(c: MemoryConfig, symbols: readonly string[], inputs: ArrayLike<number>, targets: ArrayLike<number>): { answer: number; source: number } | null {
  const answer = Array.from(targets).findLastIndex((y) => y >= 0);
  if (answer < 0) return null;
  const sym = (t: number) => symbols[inputs[t]!] ?? '';
  const seen = Array.from({ length: answer }, (_, t) => sym(t));
  switch (c.task) {
    case 'copy':
      return { answer, source: answer - seen.indexOf(TOKEN.go) - 1 }; // the i-th answer copies the i-th letter
    case 'recall':
    case 'parity':
    case 'counting':
      return { answer, source: 0 }; // the letter itself; every bit or a counts, from the first
    case 'brackets': {
      const open: number[] = []; // the openers still open, innermost last (answerTargets' rule)
      seen.forEach((s, t) => {
        if (s === '(' || s === '[') open.push(t);
        else if (s === TOKEN.blank) open.pop();
      });
      return { answer, source: open.at(-1) ?? 0 };
    }
    case 'order':
      return { answer, source: Math.max(0, seen.findIndex((s) => ORDER_MARKS.includes(s))) };
  }
}
