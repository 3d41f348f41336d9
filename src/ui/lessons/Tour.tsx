// The first-visit tour: five steps (the text, Train, the curves, inside the network, the lessons),
// each outlining what it names. A card, not a modal: the page stays usable around it. Focus moves
// into it; Enter or → goes on, ← back, Esc (or Skip) ends it; it is not shown again once ended,
// and the Learn panel offers it again.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { endTour } from '../../store/actions.ts';
import { useT, type MessageKey } from '../i18n.ts';
import { highlight, PANEL_SELECTORS } from './highlight.ts';

/** What each step outlines, and its texts `tour.<id>.title|body`. */
const STEPS = [
  { id: 'text', selector: PANEL_SELECTORS.text },
  { id: 'train', selector: '[data-testid=train]' },
  { id: 'curves', selector: PANEL_SELECTORS.chart },
  { id: 'inside', selector: PANEL_SELECTORS.inside },
  { id: 'lessons', selector: '[data-testid=learn-open]' },
] as const;

export function Tour() {
  const t = useT();
  const [at, setAt] = useState(0);
  const next = useRef<HTMLButtonElement>(null);
  const step = STEPS[at]!;
  const last = at === STEPS.length - 1;
  useEffect(() => {
    next.current?.focus({ preventScroll: true });
    void highlight(step.selector);
  }, [step]);
  // Esc ends it wherever focus is (the card is no trap: the page stays usable around it), unless
  // it closes a dialog above it (the shortcut list)
  useEffect(() => {
    const onEsc = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && !document.querySelector('dialog[open]') && endTour();
    addEventListener('keydown', onEsc);
    return () => removeEventListener('keydown', onEsc);
  }, []);
  const go = (d: number) => (at + d >= STEPS.length ? endTour() : setAt(Math.max(0, at + d)));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || (e.key === 'Enter' && e.target === e.currentTarget)) go(1);
    else if (e.key === 'ArrowLeft') go(-1);
    else return;
    e.preventDefault();
  };
  return (
    <div className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" aria-describedby="tour-body" data-testid="tour" data-step={step.id} tabIndex={-1} onKeyDown={onKey}>
      <p className="meta">{t('tour.progress', { n: at + 1, count: STEPS.length })}</p>
      <h2 id="tour-title">{t(`tour.${step.id}.title` as MessageKey)}</h2>
      <p id="tour-body">{t(`tour.${step.id}.body` as MessageKey)}</p>
      <div className="tour-buttons">
        <button type="button" className="small" data-testid="tour-skip" onClick={endTour}>
          {t('tour.skip')}
        </button>
        <span className="tour-spacer" />
        <button type="button" data-testid="tour-back" onClick={() => go(-1)} disabled={at === 0}>
          {t('tour.back')}
        </button>
        <button type="button" className="primary" ref={next} data-testid="tour-next" onClick={() => go(1)}>
          {t(last ? 'tour.done' : 'tour.next')}
        </button>
      </div>
      <p className="meta tour-keys">{t('tour.keys')}</p>
    </div>
  );
}
