// A memory sequence as a row of tokens: each position's input, and under an answer position the
// right answer — with a run's answers, coloured right (its top guess is the answer) or wrong, with
// its probability of the right answer; hovering or focusing such a position shows its top guesses.
import { useNumber, useT } from '../i18n.ts';
import type { TokenCell } from './memory-answers.ts';

const pct = (p: number) => `${Math.round(p * 100)}%`;

function Cell({ cell, t: step }: { cell: TokenCell; t: number }) {
  const t = useT();
  const fmt = useNumber();
  if (cell.answer === null) {
    return (
      <span className="mem-tok">
        <span className="token-in">{cell.input}</span>
      </span>
    );
  }
  if (cell.p === undefined) {
    return (
      <span className="mem-tok asked">
        <span className="token-in">{cell.input}</span>
        <span className="token-answer">{cell.answer}</span>
      </span>
    );
  }
  const top = (cell.top ?? []).map((g) => `${g.token} ${fmt(g.p * 100, 1)}%`).join(' · ');
  const label = t(cell.right ? 'memory.cellRight' : 'memory.cellWrong', { t: step + 1, answer: cell.answer, p: pct(cell.p), top });
  return (
    <span className={`mem-tok asked ${cell.right ? 'right' : 'wrong'}`} tabIndex={0} aria-label={label} data-testid="memory-answer" data-right={cell.right} data-p={cell.p.toFixed(4)}>
      <span className="token-in" aria-hidden="true">
        {cell.input}
      </span>
      <span className="token-answer" aria-hidden="true">
        {cell.answer}
      </span>
      <span className="token-p" aria-hidden="true">
        {pct(cell.p)}
      </span>
      <span className="token-tip" role="tooltip" data-testid="memory-top">
        {t('memory.top', { t: step + 1, answer: cell.answer })}
        {(cell.top ?? []).map((g) => (
          <span key={g.token} className={`tip-row${g.token === cell.answer ? ' hit' : ''}`}>
            <b>{g.token}</b> {fmt(g.p * 100, 1)}%
          </span>
        ))}
      </span>
    </span>
  );
}

/** One sequence's tokens; `label` names the row for screen readers. */
export function TokenRow({ cells, label, testId }: { cells: readonly TokenCell[]; label: string; testId?: string }) {
  return (
    <div className="token-row" role="group" aria-label={label} data-testid={testId}>
      {cells.map((cell, t) => (
        <Cell key={t} cell={cell} t={t} />
      ))}
    </div>
  );
}
