// The sweep's chart (recharts): final accuracy (0–100%) against the difficulty, one line per cell
// in its registry colour, the chance level as a dashed grey line labelled with its value at the
// easiest difficulty, and 90% (where the caption says a cell breaks) as a dotted line. The x axis
// is logarithmic when the values are positive and span a factor of 4 or more (the default sweeps
// double), linear otherwise.
// Drawn again only when the sweep's points, the size or the language change.
import { memo } from 'react';
import { CartesianGrid, Label, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { CELLS, type CellKind } from '../../model/cells/registry.ts';
import { chanceLevel } from '../../model/memory-tasks.ts';
import { sweepKnob } from '../../model/sweep.ts';
import type { SweepResult } from '../../store/state.ts';
import { cellName, useT } from '../i18n.ts';
import { chancePercent, percent, THRESHOLD } from './sweep-caption.ts';

const AXIS = '#98a2b8';
const GRID = '#26304a';
const CHANCE = '#98a2b8';
const LINE_90 = '#f5b942';
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

type Row = { x: number; chance: number } & Partial<Record<CellKind, number>>;

/** One row per difficulty: each cell's final accuracy where it has a finite one, and the chance level. */
export function sweepRows(result: SweepResult): Row[] {
  const knob = sweepKnob(result.spec.memory.task);
  return result.spec.values.map((x) => {
    const row: Row = { x, chance: chanceLevel({ ...result.spec.memory, [knob]: x }) };
    for (const p of result.points) if (p.value === x && Number.isFinite(p.accuracy)) row[p.cell] = p.accuracy;
    return row;
  });
}

/** A log axis for positive values spanning a factor of 4 or more. */
export const logScale = (values: readonly number[]): boolean => values.length > 1 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 4;

function Drawing({ result, width, height }: { result: SweepResult; width: number; height: number; lang: string }) {
  const t = useT();
  const rows = sweepRows(result);
  const values = result.spec.values;
  const log = logScale(values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = log ? 1.25 : Math.max(1, (hi - lo) * 0.06);
  const domain: [number, number] = log ? [lo / pad, hi * pad] : [lo - pad, hi + pad];
  const knob = sweepKnob(result.spec.memory.task);
  const axis = t(`sweep.axis.${knob}`);
  return (
    <LineChart width={width} height={height} data={rows} margin={{ top: 14, right: 40, bottom: 22, left: 8 }}>
      <CartesianGrid stroke={GRID} />
      <XAxis dataKey="x" type="number" scale={log ? 'log' : 'linear'} domain={domain} ticks={values} interval={0} allowDataOverflow tick={{ fontSize: 12 }} stroke={AXIS}>
        <Label value={log ? t('sweep.axisLog', { axis }) : axis} position="insideBottom" offset={-14} fill={AXIS} fontSize={12} />
      </XAxis>
      <YAxis domain={[0, 1]} ticks={Y_TICKS} tickFormatter={percent} tick={{ fontSize: 12 }} stroke={AXIS} width={56}>
        <Label value={t('sweep.accuracy')} angle={-90} position="insideLeft" offset={2} style={{ textAnchor: 'middle' }} fill={AXIS} fontSize={12} />
      </YAxis>
      <ReferenceLine y={THRESHOLD} stroke={LINE_90} strokeDasharray="2 4" label={{ value: t('sweep.threshold'), position: 'right', fill: LINE_90, fontSize: 11 }} />
      <Tooltip
        contentStyle={{ background: '#131a2e', border: `1px solid ${GRID}` }}
        formatter={(v) => percent(Number(v))}
        labelFormatter={(v) => `${t(`sweep.knob.${knob}`)} ${String(v)}`}
      />
      <Line
        dataKey="chance"
        name={t('sweep.chanceLegend')}
        stroke={CHANCE}
        strokeDasharray="6 4"
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
        // labelled under its first point, where the cells' lines are usually high above it
        label={({ x, y, index }: { x?: number | string; y?: number | string; index?: number }) =>
          index === 0 ? (
            <text key="chance-label" x={Number(x) + 8} y={Number(y) + 16} textAnchor="start" fill={CHANCE} fontSize={12} data-testid="sweep-chance-label">
              {t('sweep.chance', { p: chancePercent(rows[0]!.chance) })}
            </text>
          ) : (
            <g key={`chance-${index}`} />
          )
        }
      />
      {result.spec.cells.map((cell) => (
        <Line key={cell} dataKey={cell} name={t(cellName(cell))} stroke={CELLS[cell].color} strokeWidth={2.5} dot={{ r: 4, fill: CELLS[cell].color }} isAnimationActive={false} connectNulls />
      ))}
    </LineChart>
  );
}

/** The chart, redrawn only when what it draws changes (a progress message does not). */
export const SweepChart = memo(Drawing, (a, b) => a.result === b.result && a.width === b.width && a.height === b.height && a.lang === b.lang);
