// Live readouts, one row per run: step, loss, bits per character, speed, gradient norm and clip
// rate; and which backend trains them (with the reason when it is the CPU fallback).
import { bitsPerChar } from '../../model/loss.ts';
import { CELL_COLOR, useStore, type RunView } from '../../store/store.ts';
import { Panel } from './fields.tsx';

const RECENT = 50;

function fmt(v: number | undefined, digits = 3): string {
  return v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function Row({ run, training }: { run: RunView; training: boolean }) {
  const last = run.points.at(-1);
  const recent = run.points.slice(-RECENT);
  const clipRate = recent.length ? recent.filter((p) => p.clipped).length / recent.length : null;
  const cells: [string, string][] = [
    ['step', last ? last.step.toLocaleString() : '–'],
    ['loss', fmt(last?.loss)],
    ['bpc', fmt(last ? bitsPerChar(last.loss) : undefined)],
    ['speed', training && run.charsPerSec > 0 ? Math.round(run.charsPerSec).toLocaleString() : '–'],
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
  return (
    <Panel title="Runs" className="readouts" testId="readouts">
      <table>
        <thead>
          <tr>
            <th scope="col">Cell</th>
            <th scope="col">Step</th>
            <th scope="col">Loss (nats)</th>
            <th scope="col">Bits / char</th>
            <th scope="col">Chars / s</th>
            <th scope="col">Grad norm</th>
            <th scope="col">Clipped (last {RECENT})</th>
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
            ? `Training on the GPU (WebGPU: ${info.adapter}) · ${runs.map((r) => `${r.label} ${r.info?.parameters.toLocaleString() ?? '?'} parameters`).join(' · ')} · vocabulary ${info.vocabSize}`
            : `Training on the CPU${fallbackReason ? ` because ${fallbackReason}` : ''} · ${info.parameters.toLocaleString()} parameters`
          : status === 'preparing'
            ? 'Building the model…'
            : 'Press Train, or Train all three to compare RNN, LSTM and GRU.'}
      </p>
    </Panel>
  );
}
