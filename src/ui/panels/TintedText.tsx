// The training text as the model sees it: each character of an excerpt tinted by the model's
// probability of it given what came before (red: surprised, clear: expected), refreshed while it
// trains. The caption puts its numbers beside the training loss's: the excerpt's own loss, the
// probability per character that loss stands for, the plain mean of the probabilities, and why
// they differ. Characters are rendered as text, never as markup.
import { tintSummary } from '../../store/inspect.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';

/** Low probability -> strong red; high -> transparent. */
const tint = (p: number) => `rgba(255, 92, 92, ${(0.75 * (1 - Math.max(0, Math.min(1, p)))).toFixed(3)})`;

export function TintedText() {
  const t = useT();
  const view = useStore((s) => s.tint);
  // the training loss at the tint's update (not the latest: the text would re-render with every metric)
  const training = useStore((s) => s.runs.find((r) => r.id === s.tint?.runId)?.points.findLast((p) => p.step <= (s.tint?.step ?? 0))?.loss);
  if (!view || view.probs.length === 0) return null;
  const { mean, loss, perChar } = tintSummary(view.probs);
  const pct = (p: number) => (p * 100).toFixed(p > 0.995 ? 1 : 0);
  return (
    <figure className="tinted" data-testid="tinted-text">
      <figcaption className="meta" data-testid="tint-caption">
        {t('tint.caption', { step: view.step, loss: loss.toFixed(3), perChar: pct(perChar), mean: pct(mean) })}{' '}
        {training !== undefined && t('tint.training', { loss: training.toFixed(3), perChar: pct(Math.exp(-training)) })}
      </figcaption>
      <p className="tinted-text">
        <span>{view.symbols[0]}</span>
        {Array.from(view.probs, (p, i) => (
          <span key={i} data-p={p.toPrecision(4)} title={`p = ${p.toFixed(3)}`} style={{ background: tint(p) }}>
            {view.symbols[i + 1]}
          </span>
        ))}
      </p>
    </figure>
  );
}
