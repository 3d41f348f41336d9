// Keyboard shortcuts for the page's main actions, and their list behind `?` (a modal <dialog>:
// Esc or the button closes it). A shortcut presses the page's own button or focuses the drawing it
// names, so it does exactly what a click does (a disabled button stays disabled). Keys typed into
// a field are the field's, never a shortcut.
import { useEffect, useRef } from 'react';
import { useT, type MessageKey } from './i18n.ts';

interface Shortcut {
  key: string;
  what: MessageKey;
  /** What it presses or focuses; none for keys that act inside a focused drawing. */
  target?: string;
}

const SHORTCUTS: Shortcut[] = [
  { key: '?', what: 'keys.help' },
  { key: 't', what: 'keys.train', target: '[data-testid=train]' },
  { key: 'a', what: 'keys.trainAll', target: '[data-testid=train-all]' },
  { key: 's', what: 'keys.step', target: '[data-testid=step]' },
  { key: 'x', what: 'keys.text', target: '[data-testid=training-text]' },
  { key: 'i', what: 'keys.inside', target: '[data-testid=unrolled-canvas]' },
  { key: 'g', what: 'keys.gradient', target: '[data-testid=grad-chart] canvas' },
  { key: '← →', what: 'keys.arrows' },
  { key: 'Home End', what: 'keys.ends' },
  { key: 'Tab', what: 'keys.tab' },
];

/** Whether a key press belongs to what has focus (typing, a menu), not to the page. */
const typing = (e: KeyboardEvent) =>
  e.ctrlKey || e.metaKey || e.altKey || (e.target instanceof HTMLElement && (e.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)));

export function Shortcuts() {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e)) return;
      const d = dialog.current;
      if (e.key === '?') {
        e.preventDefault();
        if (d?.open) d.close();
        else d?.showModal();
        return;
      }
      const target = SHORTCUTS.find((s) => s.key === e.key && s.target)?.target;
      const el = target && !d?.open ? document.querySelector<HTMLElement>(target) : null;
      if (!el) return;
      e.preventDefault();
      if (el instanceof HTMLButtonElement) el.click();
      else {
        el.scrollIntoView({ block: 'center' });
        el.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" className="small keys-open" data-testid="shortcuts-open" aria-keyshortcuts="?" onClick={() => dialog.current?.showModal()}>
        {t('keys.open')}
      </button>
      <dialog ref={dialog} className="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">{t('keys.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.key}>
                <th scope="row">
                  {s.key.split(' ').map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </th>
                <td>{t(s.what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="dialog">
          <button type="submit" className="primary" autoFocus>
            {t('keys.close')}
          </button>
        </form>
      </dialog>
    </>
  );
}
