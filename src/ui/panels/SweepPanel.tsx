// "Where does each cell break?": the sweep of the page's memory task. Its fields (the difficulties
// as a list, the cells, steps per point, hidden units) keep what is typed and say at the field what
// is wrong with it; Start runs the sweep in the worker (training pauses; Train cancels the sweep),
// with a progress bar and the time left; the chart, its caption worded from the points, and the CSV.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CELL_KINDS, CELLS, type CellKind } from '../../model/cells/registry.ts';
import type { ConfigError } from '../../model/config.ts';
import { taskKnobs, type MemoryConfig } from '../../model/memory-tasks.ts';
import { MAX_SWEEP_VALUES, SWEEP_DEFAULTS, sweepKnob } from '../../model/sweep.ts';
import { useStore } from '../../store/store.ts';
import { draftSpec, valuesText, type SweepField } from '../../store/sweep-draft.ts';
import type { SweepRunView } from '../../store/state.ts';
import { cellName, useErrorText, useT, type MessageKey } from '../i18n.ts';
import { useSize } from '../hooks/useSize.ts';
import { Hint, Panel } from './fields.tsx';
import { SweepChart } from './SweepChart.tsx';
import { CELL_LIST, sweepCaption } from './sweep-caption.ts';

type T = ReturnType<typeof useT>;

const OPTIMIZER: Record<string, string> = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' };
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A problem with one of the sweep's fields, in the person's language. */
function problemText(t: T, e: ConfigError, knob: 'delay' | 'length' | 'depth'): string {
  const p = e.problem;
  if (!p) return e.message;
  const label: Record<SweepField, string> = { sweepValues: upper(t(`sweep.knob.${knob}`)), sweepCells: t('sweep.cells'), sweepSteps: t('sweep.steps'), sweepHidden: t('sweep.hidden') };
  // the values as typed (no digit grouping)
  if (p.code === 'memoryWindow') return t('sweep.tooLong', { ...p.params, value: String(p.params.value), length: String(p.params.length), window: String(p.params.window), max: String(p.params.max), knob: t(`sweep.knob.${knob}`), Knob: label.sweepValues });
  // a range on the list itself (no value named) is about how many values it has
  const named = e.field === 'sweepValues' && p.code === 'range' && p.params.value === undefined ? t('sweep.count') : label[e.field as SweepField];
  return t(`err.${p.code}` as MessageKey, { ...p.params, label: named });
}

/** "1 min 20 s" or "40 s". */
function duration(t: T, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return s < 60 ? t('sweep.seconds', { s }) : t('sweep.minutes', { m: Math.floor(s / 60), s: s % 60 });
}

function Progress({ run, t }: { run: SweepRunView; t: T }) {
  const percent = run.total > 0 ? Math.floor((100 * run.done) / run.total) : 0;
  const left = run.secondsLeft === null ? t('sweep.leftUnknown') : t('sweep.left', { time: duration(t, run.secondsLeft) });
  return (
    <div className="sweep-progress" data-testid="sweep-progress">
      <progress max={run.total} value={run.done} aria-label={t('sweep.progressLabel')} />
      <p className="meta" aria-live="polite">
        {t('sweep.progress', { task: t(`sweep.task.${run.task}`), percent, total: run.total })} · <span data-testid="sweep-left">{left}</span>
        {run.adapter && ` · ${t('sweep.on', { adapter: run.adapter })}`}
      </p>
    </div>
  );
}

/** What every point of the next sweep trains with. */
function settingsLine(t: T, memory: MemoryConfig, hidden: number): string {
  const knob = sweepKnob(memory.task);
  const knobs = taskKnobs(memory.task).filter((k) => k !== knob).map((k) => `${t(`sweep.knob.${k}`)} ${memory[k]}`);
  const { batchSize, optimizer, learningRate, seed } = SWEEP_DEFAULTS.train;
  return t('sweep.settings', { task: t(`sweep.task.${memory.task}`), knobs: knobs.join(', ') || '–', hidden, batch: batchSize, optimizer: OPTIMIZER[optimizer] ?? optimizer, lr: learningRate, seed });
}

function TextField({ id, label, value, error, hint, onChange, wide }: { id: string; label: string; value: string; error: string | null; hint: string; onChange: (v: string) => void; wide?: boolean }) {
  return (
    <div className={`field${error ? ' invalid' : ''}${wide ? ' sweep-values' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} value={value} inputMode={wide ? 'text' : 'numeric'} aria-invalid={error ? true : undefined} aria-describedby={`${error ? `${id}-error ` : ''}${id}-hint`} onChange={(e) => onChange(e.target.value)} />
      <Hint id={id} text={hint} />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function SweepPanel() {
  const t = useT();
  const say = useErrorText();
  const { draft, memory, run, sweeps, failed, lang } = useStore(useShallow((s) => ({ draft: s.sweepDraft, memory: s.memory, run: s.sweepRun, sweeps: s.sweeps, failed: s.sweepError, lang: s.lang })));
  const { setSweepValues, toggleSweepCell, setSweepDraft, startSweep, cancelSweep, downloadSweep } = useStore.getState();
  const knob = sweepKnob(memory.task);
  const { errors } = useMemo(() => draftSpec(draft, memory), [draft, memory]);
  const errorAt = (field: SweepField) => {
    const e = errors.find((x) => x.field === field);
    return e ? problemText(t, e, knob) : null;
  };
  const result = sweeps.find((r) => r.spec.memory.task === memory.task) ?? null;
  const runningHere = run?.task === memory.task;
  const [box, size] = useSize();
  const hidden = Number(draft.hidden) || SWEEP_DEFAULTS.model.hiddenSize;
  const cells = (list: string) => list.split(CELL_LIST).map((c) => t(cellName(c as CellKind))).join(t('sweep.and'));
  const name = (v: string | number, k: string) => (k === 'cell' || k === 'cells' || k === 'others' ? cells(String(v)) : k === 'knob' ? t(`sweep.knob.${v as typeof knob}`) : v);
  return (
    <Panel title={t('sweep.title')} className="sweep-panel" testId="sweep-panel">
      <p className="sweep-intro">{t('sweep.intro', { task: t(`sweep.task.${memory.task}`), knob: t(`sweep.knob.${knob}`) })}</p>
      <div className="sweep-fields">
        <TextField id="sweep-values" wide label={t(`sweep.values.${knob}`)} value={valuesText(draft, memory.task)} error={errorAt('sweepValues')} hint={t('sweep.hint.values', { max: MAX_SWEEP_VALUES })} onChange={setSweepValues} />
        <fieldset className={`field sweep-cells${errorAt('sweepCells') ? ' invalid' : ''}`}>
          <legend>{t('sweep.cells')}</legend>
          <div className="sweep-cell-boxes">
            {CELL_KINDS.map((cell) => (
              <label key={cell}>
                <input type="checkbox" data-testid={`sweep-cell-${cell}`} checked={draft.cells.includes(cell)} onChange={() => toggleSweepCell(cell)} />
                <span className="swatch" style={{ background: CELLS[cell].color }} aria-hidden="true" />
                {t(cellName(cell))}
              </label>
            ))}
          </div>
          {errorAt('sweepCells') && <p className="field-error" role="alert">{errorAt('sweepCells')}</p>}
        </fieldset>
        <TextField id="sweep-steps" label={t('sweep.steps')} value={draft.steps} error={errorAt('sweepSteps')} hint={t('sweep.hint.steps', { knob: t(`sweep.knob.${knob}`) })} onChange={(steps) => setSweepDraft({ steps })} />
        <TextField id="sweep-hidden" label={t('sweep.hidden')} value={draft.hidden} error={errorAt('sweepHidden')} hint={t('sweep.hint.hidden')} onChange={(hidden) => setSweepDraft({ hidden })} />
      </div>
      <p className="meta" data-testid="sweep-settings">{settingsLine(t, memory, hidden)}</p>
      <div className="actions">
        {run ? (
          <button type="button" data-testid="sweep-cancel" onClick={cancelSweep} disabled={run.cancelling}>
            {t(run.cancelling ? 'sweep.cancelling' : 'sweep.cancel')}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="sweep-start" onClick={startSweep} disabled={errors.length > 0}>
            {t('sweep.start')}
          </button>
        )}
        <span className="meta sweep-rule">{t('sweep.rule')}</span>
      </div>
      {run && <Progress run={run} t={t} />}
      {failed && (
        <p className="field-error" role="alert" data-testid="sweep-failed">
          {t('sweep.failed', { message: say(failed) })}
        </p>
      )}
      <div ref={box} className="chart sweep-chart" data-testid="sweep-chart" data-points={result?.points.length ?? 0} data-partial={result?.partial ? 'true' : 'false'}>
        {result && size.width > 0 ? <SweepChart result={result} width={size.width} height={size.height} lang={lang} /> : <p className="sweep-empty">{t('sweep.empty')}</p>}
      </div>
      {result && (
        <>
          <div className="legend" aria-hidden="true">
            {result.spec.cells.map((cell) => (
              <span key={cell} className="legend-item">
                <span className="swatch" style={{ background: CELLS[cell].color }} />
                {t(cellName(cell))}
              </span>
            ))}
            <span className="legend-item">
              <span className="swatch dashed" style={{ borderColor: '#98a2b8' }} />
              {t('sweep.chanceLegend')}
            </span>
          </div>
          <ul className="sweep-caption" data-testid="sweep-caption">
            {sweepCaption(result, runningHere).map((line, i) => (
              <li key={i}>{t(line.key, Object.fromEntries(Object.entries(line.vars).map(([k, v]) => [k, name(v, k)])))}</li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" data-testid="sweep-csv" onClick={() => downloadSweep(memory.task)} disabled={result.points.length === 0} title={t('sweep.downloadTitle', { knob: t(`sweep.knob.${knob}`) })}>
              {t('sweep.download')}
            </button>
          </div>
        </>
      )}
    </Panel>
  );
}
