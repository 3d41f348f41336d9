// The training text: presets, an editable area, and its size in characters and vocabulary.
// A text too long to edit comfortably (over EDIT_LIMIT UTF-16 units) is shown as a read-only
// preview of its start: a textarea laying out megabytes blocks the main thread for seconds. A paste
// that big is taken straight from the clipboard event, so the textarea never holds it.
import type { ClipboardEvent } from 'react';
import { applyPreset, setText } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { PRESETS, type PresetName } from '../presets.ts';
import { useTextStats } from '../hooks/useTextStats.ts';
import { useErrorText, useT } from '../i18n.ts';
import { Panel } from './fields.tsx';
import { TintedText } from './TintedText.tsx';

/** Longer texts are previewed, not edited. */
export const EDIT_LIMIT = 200_000;
const PREVIEW_UNITS = 20_000;

/** Takes a paste of any size from the event itself, replacing the selection (or the whole text). */
function pasteLarge(e: ClipboardEvent<HTMLElement>, text: string) {
  const pasted = e.clipboardData.getData('text/plain');
  const area = e.currentTarget instanceof HTMLTextAreaElement ? e.currentTarget : null;
  if (area && pasted.length <= EDIT_LIMIT) return; // small: the textarea handles it natively
  e.preventDefault();
  setText(area ? text.slice(0, area.selectionStart) + pasted + text.slice(area.selectionEnd) : pasted);
}

function Preview({ text }: { text: string }) {
  const t = useT();
  // never cut a surrogate pair in half
  const cut = PREVIEW_UNITS - (text.charCodeAt(PREVIEW_UNITS - 1) >= 0xd800 && text.charCodeAt(PREVIEW_UNITS - 1) <= 0xdbff ? 1 : 0);
  return (
    <>
      <pre
        className="text-preview"
        data-testid="text-preview"
        tabIndex={0}
        aria-label={t('text.previewLabel')}
        aria-describedby="text-preview-note"
        onPaste={(e) => pasteLarge(e, text)}
      >
        {text.slice(0, cut)}
        <span className="more">…</span>
      </pre>
      <p className="meta" id="text-preview-note" data-testid="text-preview-note">
        {t('text.preview', { shown: cut, total: text.length })}{' '}
        <button type="button" className="small" data-testid="text-clear" onClick={() => setText('')}>
          {t('text.clear')}
        </button>
      </p>
    </>
  );
}

export function TextPanel() {
  const text = useStore((s) => s.text);
  const error = useStore((s) => s.error);
  const stats = useTextStats(text);
  const notice = useStore((s) => s.textNotice);
  const t = useT();
  const say = useErrorText();
  const textError = error?.field === 'text' ? say(error) : null;
  return (
    <Panel title={t('text.title')} className="text-panel">
      <div className="presets" role="group" aria-label={t('text.presets')}>
        {(Object.keys(PRESETS) as PresetName[]).map((name) => (
          <button key={name} type="button" className="chip" data-testid={`preset-${name}`} onClick={() => applyPreset(name)}>
            {t(`preset.${name}`)}
          </button>
        ))}
      </div>
      {text.length > EDIT_LIMIT ? (
        <Preview text={text} />
      ) : (
        <>
          <label htmlFor="training-text" className="visually-hidden">
            {t('text.title')}
          </label>
          <textarea
            id="training-text"
            data-testid="training-text"
            value={text}
            spellCheck={false}
            aria-invalid={textError ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onPaste={(e) => pasteLarge(e, text)}
          />
        </>
      )}
      <p className="meta" data-testid="text-stats">
        {stats ? t('text.stats', { chars: stats.chars, vocab: stats.vocab }) : '…'}
      </p>
      <TintedText />
      {notice && (
        <p className="note" role="status" data-testid="text-notice">
          {t('text.capped', { kept: notice.kept, total: notice.total })}
        </p>
      )}
      {textError && (
        <p className="field-error" role="alert" data-testid="text-error">
          {textError}
        </p>
      )}
    </Panel>
  );
}
