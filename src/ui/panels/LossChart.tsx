// The loss curve (recharts): raw loss per reported step and an exponential moving average.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../../engine/protocol.ts';
import { useStore } from '../../store/store.ts';
import { Panel } from './fields.tsx';

const MAX_DRAWN = 600;
const SMOOTHING = 0.9;

/** Loss with its exponential moving average, thinned to at most MAX_DRAWN points. */
function smoothedSeries(points: readonly MetricPoint[]) {
  const out: { step: number; loss: number; smoothed: number }[] = [];
  const stride = Math.max(1, Math.ceil(points.length / MAX_DRAWN));
  let ema = points[0]?.loss ?? 0;
  points.forEach((p, i) => {
    ema = SMOOTHING * ema + (1 - SMOOTHING) * p.loss;
    if (i % stride === 0 || i === points.length - 1) out.push({ step: p.step, loss: p.loss, smoothed: ema });
  });
  return out;
}

export function LossChart() {
  const points = useStore((s) => s.points);
  const data = useMemo(() => smoothedSeries(points), [points]);
  return (
    <Panel title="Loss" className="chart-panel" testId="loss-chart">
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#26304a" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} stroke="#98a2b8" allowDecimals={false} />
            <YAxis stroke="#98a2b8" domain={[0, 'auto']} width={44} />
            <Tooltip contentStyle={{ background: '#131a2e', border: '1px solid #26304a' }} formatter={(v) => Number(v).toFixed(3)} />
            <Legend />
            <Line name="loss" dataKey="loss" stroke="#7c5cff" strokeOpacity={0.45} dot={false} isAnimationActive={false} />
            <Line name="smoothed" dataKey="smoothed" stroke="#2dd4bf" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Panel>
  );
}
