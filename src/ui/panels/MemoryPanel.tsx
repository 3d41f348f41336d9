// A memory task's per-token feedback (in place of the sample panel: a memory run writes no text):
// a few fresh test sequences, each a row of tokens with every answer position coloured right or
// wrong and the run's probability of the right answer; hovering or focusing one shows its top
// guesses. The answers follow training (src/store/memory-check.ts); "new sequences" draws others,
// and "look inside" shows a sequence in the inside views.
import { memoryConfigErrors, memoryVocab } from '../../model/memory-tasks.ts';
import { drawSequences } from '../../model/memory-generators.ts';
import { newMemorySequences, setInspect, setMemoryCheckRun } from '../../store/actions.ts';
import { MEMORY_TESTS } from '../../store/memory-check.ts';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store.ts';
import { useNumber, useT } from '../i18n.ts';
import { answerCells, sequenceCells, tally } from './memory-answers.ts';
import { TokenRow } from './MemoryTokens.tsx';
import { Panel, SelectField } from './fields.tsx';

export function MemoryPanel() {
  const t = useT();
  const fmt = useNumber();
  const memory = useStore((s) => s.memory);
  const { seed, runId, answers } = useStore((s) => s.memoryCheck);
  const runs = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  const inspected = useStore((s) => s.inspect.sequence);
  const shown = runs.find((id) => id === runId) ?? runs[0] ?? null;
  const valid = memoryConfigErrors(memory).length === 0;
  const answered = answers && answers.runId === shown && answers.sequences.length === MEMORY_TESTS ? answers : null;
  // before a run has answered: the sequences and their right answers alone
  const symbols = memoryVocab(memory).symbols;
  const rows = !valid ? [] : answered ? answered.sequences.map((a) => answerCells(memory, answered.symbols, a)) : drawSequences(memory, MEMORY_TESTS, seed).map((s) => sequenceCells(memory, symbols, s.inputs, s.targets));
  const { right, asked } = tally(rows);
  return (
    <Panel title={t('memory.panel')} className="memory-panel" testId="memory-panel">
      <p className="meta">{t('memory.panelExplain')}</p>
      <div className="inside-options">
        {runs.length > 1 && <SelectField id="memory-run" label={t('inside.run')} value={shown ?? ''} options={runs.map((id, i) => [id, labels[i]!] as const)} onChange={setMemoryCheckRun} />}
        <button type="button" data-testid="memory-new" onClick={newMemorySequences} disabled={!valid}>
          {t('memory.new')}
        </button>
      </div>
      {answered ? (
        <p className="memory-score" data-testid="memory-score" data-right={right} data-asked={asked} data-step={answered.step}>
          {t('memory.score', { right, asked, pct: `${fmt((100 * right) / Math.max(1, asked), 0)}%`, step: answered.step })}
        </p>
      ) : (
        <p className="meta" data-testid="memory-waiting">
          {t(valid ? 'memory.waiting' : 'memory.invalid')}
        </p>
      )}
      <ol className="memory-sequences">
        {rows.map((cells, k) => (
          <li key={k} className={k === inspected ? 'inspected' : ''}>
            <TokenRow cells={cells} label={t('memory.sequence', { n: k + 1 })} testId={`memory-sequence-${k}`} />
            <button type="button" className="small" aria-pressed={k === inspected} data-testid={`memory-inspect-${k}`} onClick={() => setInspect({ sequence: k })} title={t('memory.inspectTitle')}>
              {t('memory.inspect')}
            </button>
          </li>
        ))}
      </ol>
      <p className="meta memory-legend">
        <span className="mem-tok asked right" aria-hidden="true">
          <span className="token-answer">✓</span>
        </span>{' '}
        {t('memory.legendRight')}{' '}
        <span className="mem-tok asked wrong" aria-hidden="true">
          <span className="token-answer">✗</span>
        </span>{' '}
        {t('memory.legendWrong')}
      </p>
    </Panel>
  );
}
