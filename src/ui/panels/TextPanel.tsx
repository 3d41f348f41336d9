// The training text: presets, an editable area, and its size in characters and vocabulary.
import { applyPreset, setText } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { PRESETS, type PresetName } from '../presets.ts';
import { useTextStats } from '../hooks/useTextStats.ts';
import { useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

export function TextPanel() {
  const text = useStore((s) => s.text);
  const error = useStore((s) => s.error);
  const stats = useTextStats(text);
  const notice = useStore((s) => s.textNotice);
  const textError = error?.field === 'text' ? error.message : null;
  const t = useT();
  return (
    <Panel title={t('text.title')} className="text-panel">
      <div className="presets" role="group" aria-label={t('text.presets')}>
        {(Object.keys(PRESETS) as PresetName[]).map((name) => (
          <button key={name} type="button" className="chip" data-testid={`preset-${name}`} onClick={() => applyPreset(name)}>
            {PRESETS[name].label}
          </button>
        ))}
      </div>
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
      />
      <p className="meta" data-testid="text-stats">
        {stats ? t('text.stats', { chars: stats.chars, vocab: stats.vocab }) : '…'}
      </p>
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
