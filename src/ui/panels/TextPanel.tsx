// The training text: presets, an editable area, and its size in characters and vocabulary.
import { useMemo } from 'react';
import { applyPreset, setText } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { PRESETS, type PresetName } from '../presets.ts';
import { useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

function textStats(text: string) {
  let chars = 0;
  const distinct = new Set<string>();
  for (const ch of text) {
    chars++;
    distinct.add(ch);
  }
  return { chars, vocab: distinct.size };
}

export function TextPanel() {
  const text = useStore((s) => s.text);
  const error = useStore((s) => s.error);
  const { chars, vocab } = useMemo(() => textStats(text), [text]);
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
        {t('text.stats', { chars, vocab })}
      </p>
      {textError && (
        <p className="field-error" role="alert" data-testid="text-error">
          {textError}
        </p>
      )}
    </Panel>
  );
}
