// The training text as the model sees it: each character of an excerpt tinted by the model's
// probability of it given what came before (red: surprised, clear: expected), refreshed while it
// trains. Characters are rendered as text, never as markup.
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';

/** Low probability -> strong red; high -> transparent. */
const tint = (p: number) => `rgba(255, 92, 92, ${(0.75 * (1 - Math.max(0, Math.min(1, p)))).toFixed(3)})`;

export function TintedText() {
  const t = useT();
  const view = useStore((s) => s.tint);
  if (!view || view.probs.length === 0) return null;
  const mean = view.probs.reduce((a, b) => a + b, 0) / view.probs.length;
  return (
    <figure className="tinted" data-testid="tinted-text">
      <figcaption className="meta">{t('tint.caption', { step: view.step, mean: Math.round(mean * 100) })}</figcaption>
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
