// The unrolled network's legend: what each strip is (its letter, and the gate or state in words),
// the colour scales with their ends, and in backward mode what the strips and arrow widths mean.
import { cellSpec } from '../../model/cells/registry.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { normRange } from '../draw/bptt.ts';
import { divergingRgb, sequentialRgb } from '../draw/cells.ts';
import { GRAD_COLOR } from '../draw/unrolled.ts';
import { useT, type MessageKey } from '../i18n.ts';

const css = (rgb: number[]) => `rgb(${rgb.join(',')})`;
const gradient = (f: (v: number) => number[], from: number, to: number) => `linear-gradient(to right, ${Array.from({ length: 9 }, (_, i) => css(f(from + ((to - from) * i) / 8))).join(', ')})`;

function Scale({ testId, bar, from, mid, to, label }: { testId: string; bar: string; from: string; mid?: string; to: string; label: string }) {
  return (
    <div className="scale" data-testid={testId}>
      <span className="scale-label">{label}</span>
      <span className="scale-bar" style={{ background: bar }} aria-hidden="true" />
      <span className="scale-ends">
        <span>{from}</span>
        {mid && <span>{mid}</span>}
        <span>{to}</span>
      </span>
    </div>
  );
}

export function StripLegend({ frame, backward }: { frame: TraceFrame; backward: boolean }) {
  const t = useT();
  const { model, trace } = frame;
  const gates = cellSpec(model).gates(model);
  const parts = [...gates.map((g) => ({ letter: g.name[0]!, key: `part.${g.name}` as MessageKey })), ...(cellSpec(model).hasCellState ? [{ letter: 'c', key: 'part.c' as MessageKey }] : []), { letter: 'h', key: 'part.h' as MessageKey }];
  const range = backward ? normRange(trace) : null;
  return (
    <div className="strip-legend" data-testid="strip-legend">
      <ul className="parts" aria-label={t('legend.strips')}>
        {parts.map((p) => (
          <li key={p.letter} data-testid={`legend-part-${p.letter}`}>
            <b>{p.letter}</b> {t(p.key)}
          </li>
        ))}
      </ul>
      {backward ? (
        <>
          <Scale testId="legend-grad" bar={gradient(divergingRgb, -1, 1)} from="−max" mid="0" to="+max" label={t('legend.gradStrips')} />
          <p className="meta" data-testid="legend-arrows">
            <span className="swatch" style={{ background: GRAD_COLOR }} aria-hidden="true" />
            {t(model.cell === 'lstm' ? 'legend.gradArrowsLstm' : 'legend.gradArrows', { lo: range ? (10 ** range.lo).toExponential(1) : '–', hi: range ? (10 ** range.hi).toExponential(1) : '–' })}
          </p>
        </>
      ) : (
        <>
          <Scale testId="legend-signed" bar={gradient(divergingRgb, -1, 1)} from="−1" mid="0" to="+1" label={t('legend.signed', { parts: parts.filter((_, i) => i >= gates.length || gates[i]!.range === 'signed').filter((p) => p.letter !== 'c').map((p) => p.letter).join(', ') })} />
          {model.cell === 'lstm' && <Scale testId="legend-c" bar={gradient(divergingRgb, -1, 1)} from="−2" mid="0" to="+2" label={t('legend.cell')} />}
          {gates.some((g) => g.range === 'unit') && <Scale testId="legend-gates" bar={gradient(sequentialRgb, 0, 1)} from="0" to="1" label={t('legend.gates', { parts: gates.filter((g) => g.range === 'unit').map((g) => g.name).join(', ') })} />}
        </>
      )}
    </div>
  );
}
