// Live readouts, one row per run: step, loss, bits per character, speed, gradient norm and clip
// rate; and which backend trains them (with the reason when it is the CPU fallback).
import { bitsPerChar } from '../../model/loss.ts';
import { CELL_COLOR, useStore, type RunView } from '../../store/store.ts';
import { useNumber, useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

const RECENT = 50;

function Row({ run, training }: { run: RunView; training: boolean }) {
  const fmt = useNumber();
  const last = run.points.at(-1);
  const recent = run.points.slice(-RECENT);
  const clipRate = recent.length ? recent.filter((p) => p.clipped).length / recent.length : null;
  const cells: [string, string][] = [
    ['step', last ? fmt(last.step, 0) : '–'],
    ['loss', fmt(last?.loss)],
    ['bpc', fmt(last ? bitsPerChar(last.loss) : undefined)],
    ['speed', training && run.charsPerSec > 0 ? fmt(run.charsPerSec, 0) : '–'],
    ['gradnorm', fmt(last?.gradNorm)],
    ['cliprate', clipRate === null ? '–' : `${Math.round(clipRate * 100)}%`],
  ];
  return (
    <tr>
      <th scope="row">
        <span className="swatch" style={{ background: CELL_COLOR[run.id] }} aria-hidden="true" />
        {run.label}
      </th>
      {cells.map(([key, value]) => (
        <td key={key} data-testid={`readout-${run.id}-${key}`}>
          {value}
        </td>
      ))}
    </tr>
  );
}

export function Readouts() {
  const { runs, status, fallbackReason } = useStore();
  const info = runs[0]?.info;
  const t = useT();
  const fmt = useNumber();
  return (
    <Panel title={t('runs.title')} className="readouts" testId="readouts">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('runs.cell')}</th>
            <th scope="col">{t('runs.step')}</th>
            <th scope="col">{t('runs.loss')}</th>
            <th scope="col">{t('runs.bpc')}</th>
            <th scope="col">{t('runs.speed')}</th>
            <th scope="col">{t('runs.gradNorm')}</th>
            <th scope="col">{t('runs.clipped', { n: RECENT })}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <Row key={r.id} run={r} training={status === 'training'} />
          ))}
        </tbody>
      </table>
      <p className="meta" data-testid="backend-notice">
        {info
          ? info.backend === 'webgpu'
            ? [t('runs.gpu', { adapter: info.adapter }), ...runs.map((r) => t('runs.params', { name: r.label, n: fmt(r.info?.parameters, 0) })), t('runs.vocab', { n: info.vocabSize })].join(' · ')
            : [fallbackReason ? t('runs.cpuBecause', { reason: fallbackReason.replace(/[.。]$/, '') }) : t('runs.cpu'), ...runs.map((r) => t('runs.params', { name: r.label, n: fmt(r.info?.parameters, 0) }))].join(' · ')
          : status === 'preparing'
            ? t('runs.preparing')
            : t('runs.hint')}
      </p>
    </Panel>
  );
}
