// Live readouts of the run: step, loss, bits per character, speed, gradient norm, clip rate,
// and which backend trains it (with the reason when it is the CPU fallback).
import { bitsPerChar } from '../../model/loss.ts';
import { useStore } from '../../store/store.ts';
import { Panel } from './fields.tsx';

const RECENT = 50;

export function Readouts() {
  const { points, charsPerSec, info, status } = useStore();
  const last = points.at(-1);
  const recent = points.slice(-RECENT);
  const clipRate = recent.length ? recent.filter((p) => p.clipped).length / recent.length : null;
  const fmt = (v: number | undefined, digits = 3) => (v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const items: [string, string, string][] = [
    ['step', 'Step', last ? last.step.toLocaleString() : '–'],
    ['loss', 'Loss (nats)', fmt(last?.loss)],
    ['bpc', 'Bits / char', fmt(last ? bitsPerChar(last.loss) : undefined)],
    ['speed', 'Chars / s', status === 'training' && charsPerSec > 0 ? Math.round(charsPerSec).toLocaleString() : '–'],
    ['gradnorm', 'Gradient norm', fmt(last?.gradNorm)],
    ['cliprate', `Clipped (last ${RECENT})`, clipRate === null ? '–' : `${Math.round(clipRate * 100)}%`],
  ];
  return (
    <Panel title="Run" className="readouts" testId="readouts">
      <dl>
        {items.map(([key, label, value]) => (
          <div key={key} className="readout">
            <dt>{label}</dt>
            <dd data-testid={`readout-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="meta" data-testid="backend-notice">
        {info
          ? info.backend === 'webgpu'
            ? `Training on the GPU (WebGPU: ${info.adapter}) · ${info.parameters.toLocaleString()} parameters · vocabulary ${info.vocabSize}`
            : `Training on the CPU${info.fallbackReason ? ` because ${info.fallbackReason}` : ''} · ${info.parameters.toLocaleString()} parameters`
          : status === 'preparing'
            ? 'Building the model…'
            : 'Press Train to start.'}
      </p>
    </Panel>
  );
}
