// The runs on the chart, one row each — the session's runs and the kept ones: shown or hidden (its
// swatch in its own colour), its name (editable), what changed against the run before it, its final
// and best loss (on the held-out part where there is one), a download (kept runs) and a delete
// with an undo (a run of the session stops training; Undo puts it back as it was).
// Sorted as added, or by final or best loss.
import { downloadKept, forgetRemoved, removeKept, removeRun, renameRun, setChart, toggleSeries, undoRemove } from '../../store/actions.ts';
import type { ChartOptions } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import type { RunChange } from '../../model/run-diff.ts';
import { runScore, type SourcePoint } from '../draw/chart-series.ts';
import { useNumber, useT } from '../i18n.ts';
import { diffText } from '../run-diff-text.ts';
import { SelectField } from './fields.tsx';

export interface RunEntry {
  id: string;
  name: string;
  color: string;
  kind: 'session' | 'kept';
  diff: readonly RunChange[] | null;
  points: readonly SourcePoint[];
  checkpointStep?: number;
}

/** Each run's scores, computed once per list of points (a new point makes a new list). */
const scores = new WeakMap<readonly SourcePoint[], ReturnType<typeof runScore>>();
function scoreOf(points: readonly SourcePoint[]): ReturnType<typeof runScore> {
  let s = scores.get(points);
  if (!s) scores.set(points, (s = runScore(points)));
  return s;
}

/** The entries in the chosen order (runs without a score last, in the order they were added). */
export function sortRuns(entries: readonly RunEntry[], sort: ChartOptions['sort']): RunEntry[] {
  if (sort === 'added') return [...entries];
  const score = (e: RunEntry) => scoreOf(e.points)[sort === 'final' ? 'final' : 'best'];
  return entries.map((e, i) => ({ e, i, s: score(e) })).sort((a, b) => (Number.isNaN(a.s) ? 1 : Number.isNaN(b.s) ? -1 : a.s - b.s) || a.i - b.i).map((x) => x.e);
}

function Row({ entry, hidden, color }: { entry: RunEntry; hidden: boolean; color: string }) {
  const t = useT();
  const fmt = useNumber();
  const lang = useStore((s) => s.lang);
  const preparing = useStore((s) => s.status === 'preparing');
  const score = scoreOf(entry.points);
  const changed = diffText(lang, entry.diff) ?? t('runs.first');
  return (
    <li data-kind={entry.kind} data-testid={`run-row-${entry.id}`}>
      <button type="button" className="legend-item" aria-pressed={!hidden} data-testid={`legend-${entry.id}`} onClick={() => toggleSeries(entry.id)} aria-label={t('runs.show', { name: entry.name })} title={t('runs.show', { name: entry.name })}>
        <span className="swatch" style={{ background: hidden ? 'transparent' : color, borderColor: color }} aria-hidden="true" data-color={color} />
      </button>
      <input className="run-name" aria-label={t('runs.name')} value={entry.name} onChange={(e) => renameRun(entry.id, e.target.value)} data-testid={`run-name-${entry.id}`} />
      <span className="run-diff" data-testid={`run-diff-${entry.id}`} title={t('runs.changed')}>
        {changed}
        {entry.kind === 'session' && <span className="meta"> · {t('runs.session')}</span>}
      </span>
      <span className="run-score" title={t(score.val ? 'runs.valTitle' : 'runs.lossTitle')} data-testid={`run-final-${entry.id}`}>
        {t('runs.final')} {fmt(score.final)}
      </span>
      <span className="run-score" title={t(score.val ? 'runs.valTitle' : 'runs.lossTitle')} data-testid={`run-best-${entry.id}`}>
        {t('runs.best')} {fmt(score.best)}
      </span>
      <span className="run-actions">
        {entry.kind === 'kept' && (
          <button type="button" className="small" data-testid={`download-${entry.id}`} onClick={() => void downloadKept(entry.id)} disabled={entry.checkpointStep === undefined} aria-label={`${t('files.download')} ${entry.name}`} title={t('files.downloadTitle')}>
            {t('files.download')}
          </button>
        )}
        <button
          type="button"
          className="small"
          data-testid={`delete-${entry.id}`}
          onClick={() => (entry.kind === 'kept' ? removeKept(entry.id) : removeRun(entry.id))}
          disabled={entry.kind === 'session' && preparing}
          aria-label={`${t('runs.delete')} ${entry.name}`}
          title={entry.kind === 'session' ? t('runs.deleteSessionTitle') : undefined}
        >
          {t('runs.delete')}
        </button>
      </span>
    </li>
  );
}

export function RunList({ entries, colors, chart }: { entries: readonly RunEntry[]; colors: ReadonlyMap<string, string>; chart: ChartOptions }) {
  const t = useT();
  const removed = useStore((s) => s.lastRemoved);
  const sorted = sortRuns(entries, chart.sort);
  return (
    <div className="run-list-wrap">
      {entries.length > 1 && (
        <SelectField<ChartOptions['sort']>
          id="runs-sort"
          label={t('runs.sort')}
          value={chart.sort}
          options={[['added', t('runs.sortAdded')], ['final', t('runs.sortFinal')], ['best', t('runs.sortBest')]]}
          onChange={(sort) => setChart({ sort })}
        />
      )}
      <ol className="run-list" aria-label={t('runs.list')}>
        {sorted.map((e) => (
          <Row key={e.id} entry={e} hidden={chart.hidden.includes(e.id)} color={colors.get(e.id) ?? e.color} />
        ))}
      </ol>
      {removed && (
        <p className="note" role="status" data-testid="run-removed">
          {t('runs.deleted', { name: removed.kind === 'kept' ? removed.run.name : removed.run.label })}{' '}
          <button type="button" className="small" data-testid="run-undo" onClick={undoRemove}>
            {t('runs.undo')}
          </button>{' '}
          <button type="button" className="small" onClick={forgetRemoved}>
            {t('runs.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
