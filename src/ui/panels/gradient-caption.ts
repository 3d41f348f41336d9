// What the gradient-flow panel says about its own curves: how much of the last step's gradient
// reaches the first step of the window for each curve (the reach), and a verdict worded from those
// numbers — the textbook's ordering when the data shows it, and plainly the opposite when it does
// not, with why that can happen and where the textbook effect does show. On a memory task: how
// much of the last answer's gradient reaches the input that answer needs.
import type { CellKind } from '../../model/cells/registry.ts';
import type { MessageKey } from '../i18n.ts';

export interface Curve {
  cell: CellKind;
  /** ‖∂L/∂h_t‖ or (LSTM) ‖∂L/∂c_t‖. */
  of: 'h' | 'c';
  values: ArrayLike<number>;
}

/** ‖g_1‖ / ‖g_T‖: the share of the gradient at the last step that is still there at the first
 *  (NaN when there is nothing to compare). Below 1 it vanished on the way back, above 1 it grew. */
export function reach(values: ArrayLike<number>): number {
  const T = values.length;
  const last = values[T - 1]!;
  return T >= 2 && last > 0 && Number.isFinite(last) ? values[0]! / last : NaN;
}

/** A reach written as a factor: ×3.2e-4. */
export const factor = (r: number): string => (Number.isFinite(r) ? `×${r.toExponential(1)}` : '–');

export interface Verdict {
  key: MessageKey;
  vars: Record<string, string | number>;
}

/** Falls (vanishing) below this reach, explodes above its inverse. */
const VANISH = 1e-2;

/**
 * The verdict on curves of the last step's loss: with a vanilla RNN and a gated cell side by side,
 * whether the RNN's gradient reaches back least (the textbook) or not (said as measured, with why);
 * with one cell, whether its gradient vanished, exploded or held over this window.
 */
export function verdict(curves: readonly Curve[], T: number): Verdict | null {
  const reaches = curves.map((c) => ({ ...c, r: reach(c.values) })).filter((c) => Number.isFinite(c.r));
  if (reaches.length === 0) return null;
  const rnn = reaches.find((c) => c.cell === 'rnn');
  const gated = reaches.filter((c) => c.cell !== 'rnn');
  if (rnn && gated.length > 0) {
    const best = gated.reduce((a, b) => (b.r > a.r ? b : a));
    const vars = { T, rnn: factor(rnn.r), best: factor(best.r), name: `${best.cell.toUpperCase()} ‖∂L/∂${best.of}‖` };
    return rnn.r < best.r ? { key: 'grad.verdictTextbook', vars } : { key: 'grad.verdictOpposite', vars };
  }
  const one = reaches[0]!;
  const vars = { T, r: factor(one.r) };
  return { key: one.r < VANISH ? 'grad.verdictVanished' : one.r > 1 / VANISH ? 'grad.verdictExploded' : 'grad.verdictHeld', vars };
}

/**
 * A memory task's verdict on curves of the last answer's loss: how much of the gradient at the
 * answer (step `answer`, 0-based) still reaches the input it needs (step `source`), per curve, and
 * which cell keeps most and least of it — as measured, whichever way that comes out.
 */
export function memoryVerdict(curves: readonly Curve[], answer: number, source: number): Verdict | null {
  const reaches = curves
    .map((c) => ({ ...c, r: source < answer && c.values[answer]! > 0 ? c.values[source]! / c.values[answer]! : NaN }))
    .filter((c) => Number.isFinite(c.r));
  if (reaches.length === 0) return null;
  const name = (c: Curve) => `${c.cell.toUpperCase()}${c.of === 'c' ? ' ‖∂L/∂c‖' : ''}`;
  const vars = { answer: answer + 1, source: source + 1, d: answer - source, list: reaches.map((c) => `${name(c)} ${factor(c.r)}`).join(', ') };
  if (new Set(reaches.map((c) => c.cell)).size < 2) {
    return { key: reaches[0]!.r < VANISH ? 'grad.memoryVanished' : 'grad.memoryReaches', vars };
  }
  const best = reaches.reduce((a, b) => (b.r > a.r ? b : a));
  const worst = reaches.reduce((a, b) => (b.r < a.r ? b : a));
  return { key: 'grad.memoryCompare', vars: { ...vars, best: name(best), worst: name(worst) } };
}
