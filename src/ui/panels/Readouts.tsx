// Live readouts, one row per run (in its colour): step, loss, validation loss on the held-out part, bits per character (a classifier: its held-out
// accuracy; a memory task: its accuracy on answers over the last steps), speed, gradient norm and clip
// rate, a download of the run (model + loss CSV) and "Continue in PyTorch" (a project that goes on
// training it, zipped; not for a memory task, which has no text); which backend trains them (with
// the reason when it is the CPU fallback), what was held out, whether the runs resumed after a
// reload; and the import of a model file.
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { bitsPerChar } from '../../model/loss.ts';
import { downloadRun, exportPytorch, importModel } from '../../store/actions.ts';
import type { RunView } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { useErrorText, useNumber, useT } from '../i18n.ts';
import { Panel } from './fields.tsx';
import { FileInput } from './FileInput.tsx';

const RECENT = 50;

function Row({ run, training, ready, classify, memory }: { run: RunView; training: boolean; ready: boolean; classify: boolean; memory: boolean }) {
  const fmt = useNumber();
  const t = useT();
  const last = run.points.at(-1);
  const recent = run.points.slice(-RECENT);
  // a classifier's latest held-out accuracy; a memory task's mean over the recent steps' fresh batches
  const answered = recent.filter((p) => p.accuracy !== undefined);
  const accuracy = memory ? (answered.length ? answered.reduce((a, p) => a + p.accuracy!, 0) / answered.length : undefined) : run.evals.at(-1)?.accuracy;
  const clipRate = recent.length ? recent.filter((p) => p.clipped).length / recent.length : null;
  const val = run.points.findLast((p) => p.valLoss !== undefined)?.valLoss;
  const cells: [string, string][] = [
    ['step', last ? fmt(last.step, 0) : '–'],
    ['loss', fmt(last?.loss)],
    ['valloss', fmt(val)],
    classify || memory ? ['accuracy', accuracy === undefined || Number.isNaN(accuracy) ? '–' : `${fmt(accuracy * 100, 1)}%`] : ['bpc', fmt(last ? bitsPerChar(last.loss) : undefined)],
    ['speed', training && run.charsPerSec > 0 ? fmt(run.charsPerSec, 0) : '–'],
    ['gradnorm', fmt(last?.gradNorm)],
    ['cliprate', clipRate === null ? '–' : `${Math.round(clipRate * 100)}%`],
  ];
  return (
    <tr>
      <th scope="row">
        <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
        {run.label}
        {run.source && <span className="source" title={run.source}>{run.source}</span>}
      </th>
      {cells.map(([key, value]) => (
        <td key={key} data-testid={`readout-${run.id}-${key}`}>
          {value}
        </td>
      ))}
      <td>
        <button type="button" className="small" data-testid={`download-${run.id}`} disabled={!ready} onClick={() => void downloadRun(run.id)} aria-label={`${t('files.download')} ${run.label}`} title={t('files.downloadTitle')}>
          {t('files.download')}
        </button>{' '}
        <button type="button" className="small" data-testid={`pytorch-${run.id}`} disabled={!ready || memory} onClick={() => void exportPytorch(run.id)} aria-label={`${t('files.pytorch')}: ${run.label}`} title={t('files.pytorchTitle')}>
          {t('files.pytorch')}
        </button>
      </td>
    </tr>
  );
}

function ImportButton() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const importing = useStore((s) => s.importing);
  const notice = useStore((s) => s.importNotice);
  const say = useErrorText();
  const error = useStore((s) => (s.error?.field === 'import' ? say(s.error) : null));
  return (
    <div className="import">
      <button type="button" data-testid="import-model" onClick={() => input.current?.click()} disabled={importing} title={t('files.importTitle')}>
        {importing ? t('files.importing') : t('files.import')}
      </button>
      <FileInput ref={input} accept=".safetensors" testId="import-file" onFile={(f) => void importModel(f)} />
      {notice && !error && (
        <p className="meta" role="status" data-testid="import-notice">
          {t('files.imported', { file: notice.fileName })} {notice.unknown > 0 && t('files.unknown', { n: notice.unknown })}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** What the validation split held out of the text, or why nothing was. */
function HeldOutNote() {
  const t = useT();
  const heldOut = useStore((s) => (s.status === 'idle' ? null : s.heldOut));
  if (!heldOut) return null;
  const text = heldOut.reason === 'off' ? t('runs.heldOutOff') : heldOut.reason === 'tooShort' ? t('runs.heldOutShort') : t('runs.heldOut', { count: heldOut.count, unit: t(heldOut.unit === 'lines' ? 'unit.lines' : 'unit.characters'), trained: heldOut.trained });
  return (
    <p className="meta" data-testid="held-out-note">
      {text}
    </p>
  );
}

export function Readouts() {
  const { runs, status, fallbackReason } = useStore(useShallow((s) => ({ runs: s.runs, status: s.status, fallbackReason: s.fallbackReason })));
  const info = runs[0]?.info;
  const t = useT();
  const fmt = useNumber();
  const ready = status === 'ready' || status === 'training';
  const classify = useStore((s) => s.mode === 'classify');
  const memory = useStore((s) => s.mode === 'memory');
  const resumeFrom = useStore((s) => Object.values(s.resumable)[0]);
  const resumeNotice = useStore((s) => s.resumeNotice);
  return (
    <Panel title={t('runs.title')} className="readouts" testId="readouts">
      <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('runs.cell')}</th>
            <th scope="col">{t('runs.step')}</th>
            <th scope="col" title={t('runs.lossTitle')}>{t('runs.loss')}</th>
            <th scope="col" title={t('runs.valTitle')}>{t('runs.valLoss')}</th>
            <th scope="col">{t(classify ? 'runs.accuracy' : memory ? 'runs.accuracyAnswers' : 'runs.bpc')}</th>
            <th scope="col">{t('runs.speed')}</th>
            <th scope="col">{t('runs.gradNorm')}</th>
            <th scope="col">{t('runs.clipped', { n: RECENT })}</th>
            <th scope="col">
              <span className="visually-hidden">{t('files.download')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <Row key={r.id} run={r} classify={classify} memory={memory} training={status === 'training'} ready={r.info ? ready : status === 'idle' && r.points.length > 0} />
          ))}
        </tbody>
      </table>
      </div>
      <p className="meta" data-testid="backend-notice">
        {info
          ? info.backend === 'webgpu'
            ? [t('runs.gpu', { adapter: info.adapter }), ...runs.map((r) => t('runs.params', { name: r.label, n: fmt(r.info?.parameters, 0) })), t('runs.vocab', { n: info.vocabSize })].join(' · ')
            : [fallbackReason ? t('runs.cpuBecause', { reason: fallbackReason.replace(/[.。]$/, '') }) : t('runs.cpu'), ...runs.map((r) => t('runs.params', { name: r.label, n: fmt(r.info?.parameters, 0) }))].join(' · ')
          : status === 'preparing'
            ? t('runs.preparing')
            : runs.length > 0 && status === 'idle'
              ? resumeFrom !== undefined
                ? t('runs.restoredResume', { step: resumeFrom })
                : t('runs.restored')
              : t('runs.hint')}
      </p>
      <HeldOutNote />
      {resumeNotice && (
        <p className="note" role="status" data-testid="resume-notice">
          {'step' in resumeNotice ? t('runs.resumed', { step: resumeNotice.step }) : t('runs.resumeFailed', { reason: resumeNotice.failed })}
        </p>
      )}
      <ImportButton />
    </Panel>
  );
}
