// The geometry of the gate valve figure: a horizontal pipe with a sliding plate, whose opening is
// the gate's value (0 closed, 1 fully open), and the stream through it as wide as the opening.
// Pure, so a drawn opening is tested against the gate value it stands for.

export interface ValveGeometry {
  /** The opening as a fraction of the pipe, the gate value clamped to [0, 1] (NaN: closed). */
  open: number;
  /** The plate, from the pipe's top wall down to `plateBottom` (px). */
  plateBottom: number;
  /** The gap under the plate: its top and height (px); the stream passes through it. */
  gapTop: number;
  gapHeight: number;
}

/** The valve of a gate value in a pipe whose bore runs from `top` to `top + bore` (px). */
export function valveGeometry(value: number, top: number, bore: number): ValveGeometry {
  const open = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const gapHeight = open * bore;
  const plateBottom = top + bore - gapHeight;
  return { open, plateBottom, gapTop: plateBottom, gapHeight };
}
