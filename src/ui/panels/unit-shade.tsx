// How a passage is drawn, shared by "What each unit does" and the units ranked by what they
// track: the colour of a unit's value behind a character (positive orange, negative blue, |v| /
// scale the strength) and how a symbol shows.
import { END, START } from '../../model/tasks.ts';

/** A passage's symbol as text: a newline as ↵, line mode's tokens as ⟨s⟩ and ⟨/s⟩. */
export function passageSymbol(ch: string): string {
  return ch === '\n' ? '↵' : ch === START ? '⟨s⟩' : ch === END ? '⟨/s⟩' : ch;
}

/** A passage's symbol as drawn: line mode's tokens set apart from the text (in a monospace font
 *  ⟨s⟩ looks like the characters "(s)"). */
export function PassageSymbol({ ch }: { ch: string }) {
  return ch === START || ch === END ? <span className="passage-token">{passageSymbol(ch)}</span> : passageSymbol(ch);
}

export function shade(v: number, scale: number): string {
  const a = Math.min(1, Math.abs(v) / scale) * 0.8;
  return v >= 0 ? `rgba(255, 152, 0, ${a.toFixed(3)})` : `rgba(66, 165, 245, ${a.toFixed(3)})`;
}

/** The strongest colour's |value|: 1 for a gate or h (bounded), the largest |c| for a cell state. */
export function shadeScale(column: ArrayLike<number>, part: string): number {
  if (part !== 'c') return 1;
  let m = 0;
  for (let i = 0; i < column.length; i++) m = Math.max(m, Math.abs(column[i]!));
  return Math.max(m, 1e-6);
}
