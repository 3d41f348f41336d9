// Classification mode's panel: a box where the person types a sentence and sees the first run's
// label probabilities, live as they type; and the held-out split — sentences never trained on —
// with the label each one should get and the label the model gives it now.
import { setPredictText } from '../../store/actions.ts';
import { currentTask } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { useNumber, useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

function Prediction({ labels }: { labels: readonly string[] }) {
  const t = useT();
  const num = useNumber();
  const { text, result } = useStore((s) => s.predict);
  const ready = useStore((s) => !s.stale && s.runs[0]?.info != null);
  if (!ready || !result) return <p className="meta">{t('classify.waiting')}</p>;
  if (!result.probs) return <p className="note">{t('classify.none')}</p>;
  const probs = result.probs;
  const ranked = labels.map((label, k) => ({ label, p: probs[k] ?? 0 })).sort((a, b) => b.p - a.p);
  return (
    <div data-testid="prediction" data-label={ranked[0]?.label} data-for={text}>
      <ol className="label-bars">
        {ranked.map(({ label, p }, i) => (
          <li key={label} className={i === 0 ? 'top' : ''} data-testid={`prob-${label}`}>
            <span className="label-name">{label}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${(p * 100).toFixed(1)}%` }} />
            </span>
            <span className="label-p">{num(p * 100, 1)}%</span>
          </li>
        ))}
      </ol>
      {result.unknown > 0 && <p className="note">{t('classify.unknown', { n: result.unknown })}</p>}
    </div>
  );
}

function HeldOut() {
  const t = useT();
  const num = useNumber();
  const task = useStore((s) => {
    const t = currentTask(s);
    return t?.mode === 'classify' ? t : null;
  });
  const run = useStore((s) => s.runs[0]);
  if (!task) return null;
  if (task.heldOutCount === 0) return <p className="note">{t('classify.noHeldOut')}</p>;
  const last = run?.evals.at(-1);
  const predicted = run?.predicted ?? null;
  return (
    <details className="held-out" open>
      <summary>{t('classify.heldOut', { shown: task.heldOut.length, count: task.heldOutCount })}</summary>
      {last && (
        <p className="meta" data-testid="held-out-accuracy" data-accuracy={last.accuracy} data-step={last.step}>
          {t('classify.accuracy', { acc: num(last.accuracy * 100, 1), step: last.step, loss: num(last.loss, 3) })}
        </p>
      )}
      {/* a scrolling region: focusable, so the keyboard can scroll it too */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('classify.heldOut', { shown: task.heldOut.length, count: task.heldOutCount })}>
        <table data-testid="held-out-table">
          <thead>
            <tr>
              <th scope="col">{t('classify.sentence')}</th>
              <th scope="col">{t('classify.truth')}</th>
              <th scope="col">{t('classify.predicted')}</th>
            </tr>
          </thead>
          <tbody>
            {task.heldOut.map((ex, i) => {
              const p = predicted?.[i];
              const right = p === ex.label;
              return (
                <tr key={i}>
                  <td>{ex.text}</td>
                  <td>{task.labels[ex.label]}</td>
                  <td className={p === undefined || p < 0 ? '' : right ? 'right' : 'wrong'} title={p === undefined || p < 0 ? undefined : t(right ? 'classify.right' : 'classify.wrong')}>
                    {p === undefined || p < 0 ? '–' : `${right ? '✓' : '✗'} ${task.labels[p]}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function ClassifyPanel() {
  const t = useT();
  const text = useStore((s) => s.predict.text);
  const name = useStore((s) => s.runs[0]?.label);
  const labels = useStore((s) => {
    const t = currentTask(s);
    return t?.mode === 'classify' ? t.labels : null;
  });
  return (
    <Panel title={name ? t('classify.title', { name }) : t('classify.titlePlain')} className="classify-panel" testId="classify-panel">
      <div className="field">
        <label htmlFor="predict-text">{t('classify.input')}</label>
        <input id="predict-text" data-testid="predict-text" value={text} placeholder={t('classify.placeholder')} onChange={(e) => setPredictText(e.target.value)} />
      </div>
      {text.trim() !== '' && labels && <Prediction labels={labels} />}
      <HeldOut />
    </Panel>
  );
}
