// Gate saturation as the scatter of Karpathy, Johnson and Fei-Fei (2015), fig. 3: one dot per unit
// and (0, 1) gate of the chosen layer and direction, x the fraction of the passage's steps it is
// below 0.1, y above 0.9 (src/model/saturation.ts), and below it one line per gate that counts
// the units by what this passage shows (open most of the time, shut most of the time, neither).
// In compare mode one gate of each run alone (the LSTM's forget gate, the GRU's update gate).
import type { ModelConfig } from '../../model/config.ts';
import type { Passage } from '../../model/passage.ts';
import { saturation, type GateSaturation } from '../../model/saturation.ts';
import { useT } from '../i18n.ts';

const SIZE = 220;
const PAD = 28;
// hues apart from the passage's orange (positive) and blue (negative); the LSTM's f and the GRU's
// z, compared side by side, share one
const GATE_COLORS: Record<string, string> = { i: '#c084fc', f: '#f472b6', o: '#4ade80', r: '#facc15', z: '#f472b6' };

/** Units open (> 0.9) on more than half of the steps, shut (< 0.1) on more than half, the rest. */
export function saturationCounts(s: GateSaturation): { open: number; shut: number; mid: number } {
  let open = 0;
  let shut = 0;
  for (let j = 0; j < s.left.length; j++) {
    if (s.right[j]! > 0.5) open++;
    else if (s.left[j]! > 0.5) shut++;
  }
  return { open, shut, mid: s.left.length - open - shut };
}

/** `only`: one gate alone (compare mode), captioned by `title` instead of the full caption. */
export function SaturationPlot({ model, passage, layer, dir, dirText, only, title }: { model: ModelConfig; passage: Passage; layer: number; dir: number; dirText: string; only?: string; title?: string }) {
  const t = useT();
  const states = passage.layers[layer]?.[dir];
  const gates = (states ? saturation(model, states.post, passage.N, passage.H) : []).filter((g) => only === undefined || g.gate === only);
  if (gates.length === 0) return <p className="meta" data-testid="sat-none">{t('sat.none')}</p>;
  const readings = gates.map((g) => t('sat.reading', { gate: t(`units.part.${g.gate}` as 'units.part.f'), H: passage.H, ...saturationCounts(g) }));
  const x = (v: number) => PAD + v * (SIZE - 2 * PAD);
  const y = (v: number) => SIZE - PAD - v * (SIZE - 2 * PAD);
  return (
    <figure className="sat" data-testid="sat-plot">
      <figcaption className="meta">
        <strong>{title ?? t('sat.title')}</strong> {title === undefined && t('sat.caption', { layer, dir: dirText, n: passage.N })}
      </figcaption>
      <svg width={SIZE} height={SIZE} role="img" aria-label={t('sat.canvas', { readings: readings.join(' ') })} style={{ background: '#14161c' }}>
        <rect x={x(0)} y={y(1)} width={x(1) - x(0)} height={y(0) - y(1)} fill="none" stroke="#555" />
        <line x1={x(0)} y1={y(1)} x2={x(1)} y2={y(0)} stroke="#333" />
        {[0, 0.5, 1].map((v) => (
          <g key={v} fill="#aaa" fontSize={10}>
            <text x={x(v)} y={SIZE - PAD + 12} textAnchor="middle">{v}</text>
            <text x={PAD - 4} y={y(v) + 3} textAnchor="end">{v}</text>
          </g>
        ))}
        {gates.map((g) =>
          Array.from(g.left, (l, j) => <circle key={`${g.gate}${j}`} data-gate={g.gate} cx={x(l)} cy={y(g.right[j]!)} r={3} fill={GATE_COLORS[g.gate] ?? '#ddd'} fillOpacity={0.75} />),
        )}
      </svg>
      <p className="meta">
        x: {t('sat.axisX')} · y: {t('sat.axisY')}
      </p>
      <ul className="meta" data-testid="sat-readings">
        {gates.map((g, i) => (
          <li key={g.gate} data-gate={g.gate}>
            <span className="swatch" style={{ background: GATE_COLORS[g.gate] ?? '#ddd' }} aria-hidden="true" /> {readings[i]}
          </li>
        ))}
      </ul>
    </figure>
  );
}
