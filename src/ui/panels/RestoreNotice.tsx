// The notice at the top of the page after a load that could not restore everything: which saved
// values did not fit this version of the page and were reset (or, for a kept run, a saved run or a
// saved sweep, removed), and which of the link's values were ignored and why. The text and the
// rest are kept.
import { dismissRestoreNotice } from '../../store/actions.ts';
import type { LinkProblem, StoredProblem } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { en } from '../messages/en.ts';
import { useT, type MessageKey } from '../i18n.ts';

type T = ReturnType<typeof useT>;

/** The control that shows a stored field, where its name is not `field.<name>`. */
const FIELD_LABELS: Record<string, MessageKey> = {
  'model.bidirectional': 'field.direction',
  'chart.smoothed': 'chart.curve',
  'sampleOptions.prime': 'sample.prime',
  'sampleOptions.length': 'sample.length',
  'sampleOptions.temperature': 'sample.temperature',
  'sampleOptions.topK': 'sample.topK',
};

/** What a stored problem names, in the person's language. */
function storedWhat(t: T, p: StoredProblem): string {
  if (p.key === 'kept' && p.field !== undefined) return t('stored.keptRun', { name: p.field });
  if (p.key === 'checkpoint') return t('stored.checkpoint', { name: p.field ?? '' });
  if (p.key === 'sweeps' && p.field !== undefined) return t('stored.sweep', { task: p.field });
  const what = t(`stored.${p.key}`);
  if (p.field === undefined) return what;
  const label = FIELD_LABELS[`${p.key}.${p.field}`] ?? `field.${p.field}`;
  return t('stored.field', { what, field: label in en ? t(label as MessageKey) : p.field });
}

function storedLine(t: T, p: StoredProblem): string {
  // a kept run or a saved run is removed whole; a setting goes back to its default
  const removed = p.key === 'checkpoint' || ((p.key === 'kept' || p.key === 'sweeps') && p.field !== undefined);
  return t(removed ? 'restore.removed' : 'restore.reset', { what: storedWhat(t, p), got: p.got });
}

const linkLine = (t: T, p: LinkProblem) => t(`link.${p.reason}`, { key: p.key, value: p.value, ...p.params });

/** One list of the notice (nothing when it is empty). */
function Part({ id, titled, title, explain, lines }: { id: string; titled: boolean; title: string; explain: string; lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <div data-testid={`restore-notice-${id}`}>
      <h2 id={titled ? 'restore-notice-title' : undefined}>{title}</h2>
      <p>{explain}</p>
      <ul>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

export function RestoreNotice() {
  const t = useT();
  const notice = useStore((s) => s.restoreNotice);
  if (!notice) return null;
  return (
    <section className="restore-notice" role="alert" aria-labelledby="restore-notice-title" data-testid="restore-notice">
      <div className="restore-notice-body">
        {/* the first list's heading titles the notice */}
        <Part id="stored" titled title={t('restore.title')} explain={t('restore.explain')} lines={notice.stored.map((p) => storedLine(t, p))} />
        <Part id="link" titled={notice.stored.length === 0} title={t('link.title')} explain={t('link.explain')} lines={notice.link.map((p) => linkLine(t, p))} />
      </div>
      <button type="button" className="small" data-testid="restore-notice-dismiss" onClick={dismissRestoreNotice}>
        {t('notice.dismiss')}
      </button>
    </section>
  );
}
