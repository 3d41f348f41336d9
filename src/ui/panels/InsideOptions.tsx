// What "Inside the network" looks at: the run, the window of the text (its time steps and start)
// or, in line and classification modes, which sequence (a memory task: which of the per-token
// panel's test sequences); and the shared-weights view. The time
// steps slider counts the steps the window really has: a text shorter than the slider's value
// ("hello" has 4) shows its own count, and the slider ends there.
import type { CellKind } from '../../model/cells/registry.ts';
import { setInspect } from '../../store/actions.ts';
import { windowSteps } from '../../store/inspect.ts';
import { MEMORY_TESTS } from '../../store/memory-check.ts';
import { currentTask } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';
import { Hint, SelectField } from './fields.tsx';

const MIN_STEPS = 8;
const MAX_STEPS = 32;

export function InsideOptions({ runs, labels, runId, onRun }: { runs: string[]; labels: string[]; runId: string | null; onRun: (id: CellKind) => void }) {
  const t = useT();
  const inspect = useStore((s) => s.inspect);
  const mode = useStore((s) => s.mode);
  const shared = inspect.weights;
  // the sequences the window can be (the summary carries the first ones) and how many there are
  const sequences = useStore((s) => currentTask(s)?.sequences.length ?? 0);
  const sequenceCount = useStore((s) => currentTask(s)?.count ?? 0);
  const maxOffset = useStore((s) => Math.max(0, Math.min(s.text.length, 5000) - s.inspect.length - 1));
  const offset = Math.min(inspect.offset, maxOffset);
  const steps = useStore((s) => windowSteps(s.text, offset, s.inspect.length));
  const room = useStore((s) => windowSteps(s.text, offset, MAX_STEPS));
  const max = Math.max(1, Math.min(MAX_STEPS, room));
  return (
    <div className="inside-options">
      {runs.length > 1 && <SelectField id="inside-run" label={t('inside.run')} value={runId ?? ''} options={runs.map((id, i) => [id, labels[i]!] as const)} onChange={(id) => onRun(id as CellKind)} />}
      {mode === 'lm' ? (
        <>
          <div className="field">
            <label htmlFor="inside-length" data-testid="inside-length-label">
              {t(steps < inspect.length ? 'inside.lengthShort' : 'inside.length', { n: steps })}
            </label>
            <input id="inside-length" data-testid="inside-length" type="range" min={Math.min(MIN_STEPS, max)} max={max} value={Math.min(inspect.length, max)} onChange={(e) => setInspect({ length: Number(e.target.value) })} aria-describedby="inside-length-hint" />
            <Hint id="inside-length" text={t('hint.insideLength')} />
          </div>
          <div className="field">
            <label htmlFor="inside-offset">{t('inside.offset', { n: inspect.offset })}</label>
            <input id="inside-offset" data-testid="inside-offset" type="range" min={0} max={maxOffset} value={offset} onChange={(e) => setInspect({ offset: Number(e.target.value) })} aria-describedby="inside-offset-hint" />
            <Hint id="inside-offset" text={t('hint.insideOffset')} />
          </div>
        </>
      ) : mode === 'memory' ? (
        <div className="field">
          <label htmlFor="inside-sequence">{t('inside.memorySequence', { n: Math.min(inspect.sequence, MEMORY_TESTS - 1) + 1, count: MEMORY_TESTS })}</label>
          <input id="inside-sequence" data-testid="inside-sequence" type="range" min={0} max={MEMORY_TESTS - 1} value={Math.min(inspect.sequence, MEMORY_TESTS - 1)} onChange={(e) => setInspect({ sequence: Number(e.target.value) })} aria-describedby="inside-sequence-hint" />
          <Hint id="inside-sequence" text={t('hint.memorySequence')} />
        </div>
      ) : (
        sequences > 0 && (
          <div className="field">
            <label htmlFor="inside-sequence">{t(sequenceCount > sequences ? 'inside.sequenceOfFirst' : 'inside.sequenceOf', { n: Math.min(inspect.sequence, sequences - 1) + 1, count: sequences })}</label>
            <input id="inside-sequence" data-testid="inside-sequence" type="range" min={0} max={sequences - 1} value={Math.min(inspect.sequence, sequences - 1)} onChange={(e) => setInspect({ sequence: Number(e.target.value) })} />
          </div>
        )
      )}
      <button type="button" aria-pressed={shared} data-testid="inside-shared" onClick={() => setInspect({ weights: !shared })}>
        {t('inside.shared')}
      </button>
    </div>
  );
}
