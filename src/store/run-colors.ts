// Each run's own colour: a run takes the first colour of the palette that no other run uses (its
// cell's colour when that is free, so a first run looks as it always did), and when the palette
// runs out, further hues spread by the golden angle. Drawing resolves what is left over: two
// visible runs never share a colour (a hidden run may hold one that a visible run took since).
import { CELLS, type CellKind } from '../model/cells/registry.ts';

/** Distinct on the chart's dark surface; the cells' own colours come first. */
export const PALETTE: readonly string[] = [CELLS.rnn.color, CELLS.lstm.color, CELLS.gru.color, '#f472b6', '#60a5fa', '#a3e635', '#fb923c', '#e879f9', '#38bdf8', '#facc15', '#f87171', '#34d399'];

/** The n-th colour after the palette: hues by the golden angle, bright enough for a dark surface. */
function extraColor(n: number): string {
  return `hsl(${Math.round((n * 137.508) % 360)}, 75%, 62%)`;
}

/** A colour none of `used` holds: the cell's own if free, else the palette's first free one. */
export function pickColor(cell: CellKind, used: Iterable<string>): string {
  const taken = new Set(used);
  if (!taken.has(CELLS[cell].color)) return CELLS[cell].color;
  const free = PALETTE.find((c) => !taken.has(c));
  if (free) return free;
  for (let n = 0; ; n++) if (!taken.has(extraColor(n))) return extraColor(n);
}

/** The colour each visible run is drawn in: its own, unless an earlier visible run in `runs` has
 *  it already (then a free one). Hidden runs are not drawn and take none. */
export function visibleColors(runs: readonly { id: string; cell: CellKind; color: string }[], hidden: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const drawn = new Set<string>();
  const all = new Set(runs.map((r) => r.color));
  for (const r of runs) {
    if (hidden.includes(r.id)) continue;
    const color = drawn.has(r.color) ? pickColor(r.cell, [...all, ...drawn]) : r.color;
    drawn.add(color);
    all.add(color);
    out.set(r.id, color);
  }
  return out;
}
