// Gradient flow through time: ||dL/dh_t|| over the inspected window for the latest trace of each
// run, on a log scale: of the loss training minimises (every step), or of the last step's loss
// alone, where a vanilla RNN's vanishing gradient shows beside the LSTM's and the GRU's.
// Updated once per trace (about a second), not per frame.
import { startTransition, useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { setInspect } from '../../store/inspect.ts';
import { CELL_COLOR, useStore } from '../../store/store.ts';
import { getTrace, onTrace } from '../../store/traces.ts';
import { useT } from '../i18n.ts';
import { Panel, SelectField } from './fields.tsx';

/** Bottom layer, forward direction: the gradient that has come back furthest through time. */
function gradients(runId: string): Float32Array | null {
  return getTrace(runId)?.trace.layers[0]?.[0]?.dhNorm ?? null;
}

export function GradientFlow() {
  const t = useT();
  // primitive arrays, so the shallow comparison sees when nothing changed
  const ids = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  const clipped = useStore(useShallow((s) => s.runs.map((r) => r.points.at(-1)?.clipped ?? false)));
  const runs = ids.map((id, i) => ({ id, label: labels[i]!, clipped: clipped[i]! }));
  const lossAt = useStore((s) => s.inspect.lossAt);
  const [version, setVersion] = useState(0);
  // a transition: React renders the chart interruptibly, so traces never block the main thread
  useEffect(() => onTrace(() => startTransition(() => setVersion((v) => v + 1))), []);
  const series = runs.map((r) => ({ ...r, g: gradients(r.id) })).filter((r): r is typeof r & { g: Float32Array } => r.g !== null);
  const T = Math.max(0, ...series.map((s) => s.g.length));
  const data = Array.from({ length: T }, (_, i) => Object.fromEntries([['t', i + 1], ...series.map((s) => [s.id, Math.max(1e-12, s.g[i] ?? NaN)])]));
  return (
    <Panel title={t('grad.title')} className="grad-panel" testId="grad-panel">
      <p className="meta">{t(lossAt === 'all' ? 'grad.explain' : 'grad.explainLast')}</p>
      <div className="inside-options">
        <SelectField
          id="grad-loss-at"
          label={t('grad.lossAt')}
          value={lossAt}
          options={[
            ['all', t('grad.lossAll')],
            ['last', t('grad.lossLast')],
          ]}
          onChange={(v) => setInspect({ lossAt: v })}
        />
      </div>
      {series.length === 0 ? (
        <p className="meta">{t('inside.empty')}</p>
      ) : (
        <div className="grad-chart" data-testid="grad-chart" data-version={version} data-series={series.length} data-loss-at={lossAt}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="#26304a" />
              <XAxis dataKey="t" stroke="#98a2b8" />
              <YAxis scale="log" domain={['auto', 'auto']} stroke="#98a2b8" width={56} allowDataOverflow tickFormatter={(v: number) => v.toExponential(0)} />
              <Tooltip contentStyle={{ background: '#131a2e', border: '1px solid #26304a' }} formatter={(v) => Number(v).toExponential(3)} labelFormatter={(v) => `t = ${String(v)}`} />
              <Legend />
              {series.map((s) => (
                <Line key={s.id} dataKey={s.id} name={`${s.label}${s.clipped ? ` (${t('grad.clipped')})` : ''}`} stroke={CELL_COLOR[s.id]} strokeWidth={2} dot={false} isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}
