// The numbers behind the decay figure: a factor a multiplied into a gradient at every step back
// through time leaves a^T after T steps (0.9^50 ≈ 0.005, 1.1^50 ≈ 117). Pure functions, so the
// figure's curves and its readout are tested without a page.

/** The factor's slider: a ∈ [MIN, MAX] in STEP steps; T ∈ [1, MAX_T]. Within these, a^T stays
 *  between 1e-10 and 1e8, so the log chart never clamps a value at its floor. */
export const FACTOR = { min: 0.8, max: 1.2, step: 0.01 } as const;
export const MAX_T = 100;

/** The factor mirrored around 1 (0.9 ↔ 1.1), rounded to the slider's step. */
export const mirrorFactor = (a: number): number => Math.round((2 - a) / FACTOR.step) * FACTOR.step;

/** a^t for t = 1..T (index t − 1). */
export function powers(a: number, T: number): Float64Array {
  const out = new Float64Array(Math.max(0, T));
  let v = 1;
  for (let i = 0; i < out.length; i++) out[i] = v *= a;
  return out;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
/** An exponent written as superscript characters (−10 → ⁻¹⁰). */
const sup = (e: number) => Array.from(String(e), (c) => SUPERSCRIPT[c]!).join('');

/** A value as the readout writes it: three significant digits, in positional notation between
 *  1e-4 and 1e5 (0.00515, 117), as m × 10ᵉ outside (2.04 × 10⁻¹⁰). */
export function formatPower(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e5) return String(Number(v.toPrecision(3)));
  const e = Math.floor(Math.log10(Math.abs(v)));
  const m = Number((v / 10 ** e).toPrecision(3));
  // rounding the mantissa can reach 10 (9.996e-6 → 10 × 10^-6)
  return m >= 10 ? `${m / 10} × 10${sup(e + 1)}` : `${m} × 10${sup(e)}`;
}

/** The factor as the readout and the legend write it: two decimals at most (0.9, 1.05). */
export const formatFactor = (a: number): string => String(Number(a.toFixed(2)));

/**
 * A run's measured counterpart of a^k: ‖∂L/∂h‖ k steps before the last step, divided by its value
 * at the last step (k = 1..T−1), from a trace of the last step's loss alone. Empty where the last
 * step's gradient is zero or there is only one step.
 */
export function measuredRatios(dhNorm: ArrayLike<number>): Float64Array {
  const T = dhNorm.length;
  const last = T > 0 ? dhNorm[T - 1]! : 0;
  if (T < 2 || !(last > 0)) return new Float64Array(0);
  return Float64Array.from({ length: T - 1 }, (_, i) => dhNorm[T - 2 - i]! / last);
}
