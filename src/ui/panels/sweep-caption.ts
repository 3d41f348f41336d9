// What the sweep panel says about its own points: for each cell, where its final accuracy first
// falls below 90% (or that it never does over the values tried) and where it is no better than
// chance; then whether the vanilla RNN breaks before the gated cells — the course's ordering when
// the points show it, plainly not when they do not, and which cells it holds for when it holds for
// some. Every number comes from the points.
import type { CellKind } from '../../model/cells/registry.ts';
import { sweepKnob, type SweepPoint } from '../../model/sweep.ts';
import type { SweepResult } from '../../store/state.ts';
import type { MessageKey } from '../i18n.ts';

/** The accuracy under which a cell counts as broken. */
export const THRESHOLD = 0.9;
/** Within this of the chance level, a cell is no better than chance. */
const AT_CHANCE = 0.05;

/** Joins the cell kinds of a list in `cells` and `others`. */
export const CELL_LIST = '+';

export interface CaptionLine {
  key: MessageKey;
  /** `cell` holds a cell kind, `cells` and `others` kinds joined by CELL_LIST, `knob` the
   *  difficulty knob: the panel names them. */
  vars: Record<string, string | number>;
}

export const percent = (x: number): string => (Number.isFinite(x) ? `${Math.round(100 * x)}%` : '–');
/** A chance level as a percentage to a tenth where it has one (one in eight: 12.5%). */
export const chancePercent = (x: number): string => `${Number((100 * x).toFixed(1))}%`;

/** A cell's points, easiest first. */
export const cellPoints = (points: readonly SweepPoint[], cell: CellKind): SweepPoint[] => points.filter((p) => p.cell === cell).sort((a, b) => a.value - b.value);

/** The first point (easiest first) below the threshold — a diverged one counts — or null. */
export function breakPoint(points: readonly SweepPoint[]): SweepPoint | null {
  return points.find((p) => !(p.accuracy >= THRESHOLD)) ?? null;
}

function cellLines(cell: CellKind, points: SweepPoint[], knob: string): CaptionLine[] {
  const lines: CaptionLine[] = [];
  const broke = breakPoint(points);
  const at = (p: SweepPoint) => ({ cell, knob, value: p.value, acc: percent(p.accuracy) });
  if (!broke) lines.push({ key: 'sweep.cap.holds', vars: at(points[points.length - 1]!) });
  else lines.push({ key: broke === points[0] ? 'sweep.cap.breaksAtOnce' : 'sweep.cap.breaks', vars: at(broke) });
  const hardest = points[points.length - 1]!;
  if (hardest.accuracy - hardest.chance < AT_CHANCE) lines.push({ key: 'sweep.cap.chance', vars: { ...at(hardest), chance: chancePercent(hardest.chance) } });
  for (const p of points.filter((x) => Number.isNaN(x.accuracy))) lines.push({ key: 'sweep.cap.diverged', vars: at(p) });
  return lines;
}

/** The caption of a sweep: what a point is, each cell's verdict, the comparison, and whether it is
 *  still running or stopped early. */
export function sweepCaption(result: SweepResult, running: boolean): CaptionLine[] {
  const { spec, points } = result;
  const knob = sweepKnob(spec.memory.task);
  const lines: CaptionLine[] = [{ key: 'sweep.cap.what', vars: {} }];
  const measured = spec.cells.map((cell) => ({ cell, points: cellPoints(points, cell) })).filter((c) => c.points.length > 0);
  for (const c of measured) lines.push(...cellLines(c.cell, c.points, knob));
  // the comparison only over cells measured at every value
  const complete = measured.filter((c) => c.points.length === spec.values.length);
  const breakAt = (ps: SweepPoint[]) => breakPoint(ps)?.value ?? Infinity;
  const rnn = complete.find((c) => c.cell === 'rnn');
  const gated = complete.filter((c) => c.cell !== 'rnn');
  if (complete.length > 0 && complete.every((c) => breakAt(c.points) === Infinity)) lines.push({ key: 'sweep.cap.noneBreaks', vars: {} });
  else if (rnn && gated.length > 0) {
    // the gated cells the RNN breaks before, and those it does not
    const before = gated.filter((c) => breakAt(rnn.points) < breakAt(c.points)).map((c) => c.cell);
    const notBefore = gated.map((c) => c.cell).filter((c) => !before.includes(c));
    if (notBefore.length === 0) lines.push({ key: 'sweep.cap.textbook', vars: { knob } });
    else if (before.length === 0) lines.push({ key: 'sweep.cap.notTextbook', vars: { knob, steps: spec.steps } });
    else lines.push({ key: 'sweep.cap.mixed', vars: { knob, cells: before.join(CELL_LIST), others: notBefore.join(CELL_LIST), steps: spec.steps } });
  }
  const total = spec.values.length * spec.cells.length;
  if (running) lines.push({ key: 'sweep.cap.running', vars: { knob } });
  else if (result.partial) lines.push({ key: 'sweep.cap.partial', vars: { done: points.length, total } });
  return lines;
}
