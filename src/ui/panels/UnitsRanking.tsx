// Units found by what they track: for each feature of the passage's text, the units whose
// activation correlates most with it (ranked in the worker, src/model/unit-features.ts), said
// plainly where none tracks it well; and the learner's own span, ranked LSTMVis's way on the page
// (mean on the span minus mean elsewhere); the features that do not vary in the passage on one
// line. Under each feature a unit tracks well, the start of the passage from a little before the
// feature is first on, coloured by its best unit, and around a selected span its best unit.
// Choosing a unit shows it in the passage above.
import { memo, useMemo } from 'react';
import { unitColumn, type Passage, type UnitRef } from '../../model/passage.ts';
import { passageFeatures, rankBySpan, type FeatureName, type FeatureRanking } from '../../model/unit-features.ts';
import { useSentences, useT } from '../i18n.ts';
import { PassageSymbol, shade, shadeScale } from './unit-shade.tsx';
import type { MessageKey } from '../messages/en.ts';

/** Below this best |r|, no unit tracks the feature well. */
export const WEAK_R = 0.3;
/** Characters of the passage shown under a feature, coloured by its best unit. */
const PREVIEW_CHARS = 160;

/** Where a feature's preview starts: a little before the feature is first on (quotes may open
 *  far into the passage), or at the start. */
export function previewStart(feature: ArrayLike<number>): number {
  for (let i = 0; i < feature.length; i++) if (feature[i]! > 0) return Math.max(0, i - 20);
  return 0;
}

/** The passage's characters from `from` coloured by one unit (the colours of the passage above);
 *  a bar before each of a task's sequences after the first. */
const UnitPreview = memo(function UnitPreview({ passage, chars, unit, label, from = 0 }: { passage: Passage; chars: readonly string[]; unit: UnitRef; label: string; from?: number }) {
  const column = unitColumn(passage, unit);
  if (!column) return null;
  const scale = shadeScale(column, unit.part);
  const { reading } = passage;
  const starts = new Set(reading.kind === 'sequences' ? reading.starts.subarray(1) : []);
  return (
    <span className="tinted-text unit-preview" data-testid="rank-preview" aria-label={label}>
      {chars.slice(from, from + PREVIEW_CHARS).map((ch, i) => (
        <span key={i} className={starts.has(from + i) ? 'sequence-start' : undefined} style={{ background: shade(column[from + i]!, scale) }}>
          <PassageSymbol ch={ch} />
        </span>
      ))}
    </span>
  );
});

export function UnitsRanking({ passage, chars, where, ranking, step, span, partLabel, onChoose }: {
  passage: Passage;
  /** The passage's characters, one per step. */
  chars: readonly string[];
  /** Where position i of the passage is, in words (a character of the text, a sequence's step). */
  where: (i: number) => string;
  ranking: readonly FeatureRanking[];
  step: number;
  span: readonly [number, number] | null;
  partLabel: (part: string) => string;
  onChoose: (u: UnitRef) => void;
}) {
  const t = useT();
  const sentences = useSentences();
  const bySpan = useMemo(() => (span ? rankBySpan(passage, span[0], span[1]) : []), [passage, span]);
  const features = useMemo(() => passageFeatures(passage, chars), [passage, chars]);
  const dirs = passage.layers[0]?.length ?? 1;
  const name = (u: UnitRef) => t('rank.unit', { layer: u.layer, dir: dirs > 1 ? t(u.dir === 0 ? 'units.dirForward' : 'units.dirBackward') : '', part: partLabel(u.part), unit: u.unit });
  const button = (u: UnitRef, score: string, key: string) => (
    <button key={key} type="button" className="small" data-testid="rank-unit" data-unit={`${u.layer}/${u.dir}/${u.part}/${u.unit}`} onClick={() => onChoose(u)}>
      {name(u)} ({score})
    </button>
  );
  const sequences = passage.reading.kind === 'sequences';
  // a task's rows are sequences, not lines
  const featureLabel = (f: FeatureName) => t(f === 'linePos' && sequences ? 'rank.feature.seqPos' : (`rank.feature.${f}` as MessageKey));
  const absent = ranking.filter((r) => !r.varies || !r.top[0]);
  return (
    <section className="units-ranking" data-testid="units-ranking">
      <h3>{t('rank.title')}</h3>
      <p className="meta">{sentences([t('rank.caption', { step, weak: WEAK_R }), sequences && t('rank.captionSeq')])}</p>
      <ul>
        {ranking.flatMap(({ feature, varies, top }) => {
          const label = featureLabel(feature);
          const best = top[0];
          if (!varies || !best) return [];
          const strong = Math.abs(best.score) >= WEAK_R;
          return [
            <li key={feature} data-testid={`rank-${feature}`} data-best={best.score.toFixed(4)}>
              <strong>{label}</strong>: {strong ? top.map((r, i) => button(r.unit, `r = ${r.score.toFixed(2)}`, String(i))) : t('rank.weak', { feature: label, r: Math.abs(best.score).toFixed(2) })}
              {strong && <UnitPreview passage={passage} chars={chars} unit={best.unit} from={previewStart(features[feature]!)} label={t('rank.preview', { unit: name(best.unit), feature: label })} />}
            </li>,
          ];
        })}
        {absent.length > 0 && (
          <li data-testid="rank-absent" data-features={absent.map((r) => r.feature).join(' ')}>
            {t('rank.absent', { features: absent.map((r) => featureLabel(r.feature)).join(t('rank.listJoin')) })}
          </li>
        )}
      </ul>
      <h3>{t('rank.spanTitle')}</h3>
      {span && bySpan.length > 0 ? (
        <p className="meta" data-testid="rank-span">
          {t('rank.span', { from: where(Math.min(...span)), to: where(Math.max(...span)) })} {bySpan.map((r, i) => button(r.unit, r.score.toFixed(3), String(i)))}
          {/* the best one around the span (from a little before it) */}
          <UnitPreview passage={passage} chars={chars} unit={bySpan[0]!.unit} from={Math.max(0, Math.min(...span) - 20)} label={t('rank.spanPreview', { unit: name(bySpan[0]!.unit) })} />
        </p>
      ) : (
        <p className="meta">{t('rank.spanHint')}</p>
      )}
    </section>
  );
}
