// Backward mode of the unrolled drawing: what BPTT has computed after walking k steps back from
// the end of the window. The strips show gradients instead of values (each gate's delta, ∂L/∂c_t,
// ∂L/∂h_t, every row scaled to its largest |value|), dark where BPTT has not reached yet, and the
// recurrent arrows point backwards, as thick as the gradient norm they carry (log scale).
import type { DirTrace, Trace } from '../../model/trace.ts';

/** Whether BPTT has reached position t of direction d after walking k steps back: the forward
 *  direction is walked from the last step, the backward direction from the first. */
export const bpttReached = (t: number, d: number, T: number, k: number): boolean => (d === 0 ? t >= T - k : t <= k - 1);

const scaled = (a: Float32Array, keep: (i: number) => boolean, times = 1) => {
  let max = 0;
  for (const v of a) max = Math.max(max, Math.abs(v));
  return a.map((v, i) => (max > 0 && keep(i) ? (times * v) / max : 0));
};

/** The trace's gradients shaped as its states, for the strips (null without BPTT numbers). `post`
 *  holds the gate deltas, `c` ∂L/∂c_t (doubled: c strips are drawn at half scale), `h` ∂L/∂h_t. */
export function gradientLayers(trace: Trace, k: number): DirTrace[][] | null {
  const { grads, T, H } = trace;
  if (!grads) return null;
  const G = trace.gateNames.length;
  return grads.map((dirs, l) =>
    dirs.map((g, d) => {
      const at = (n: number) => (i: number) => bpttReached(Math.floor(i / n), d, T, k);
      const src = trace.layers[l]![d]!;
      return { ...src, post: scaled(g.delta, at(G * H)), c: g.dc ? scaled(g.dc, at(H), 2) : null, h: scaled(g.dh, at(H)) };
    }),
  );
}

/** Decades the arrow widths span at least: gradients within a few percent of each other look alike. */
export const MIN_DECADES = 3;

/** log10 of the smallest and largest gradient norm of the trace (∂L/∂h_t and ∂L/∂c_t); the
 *  bottom at least MIN_DECADES below the top. */
export function normRange(trace: Trace): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const dirs of trace.layers) {
    for (const d of dirs) {
      for (const a of [d.dhNorm, d.dcNorm ?? []]) {
        for (const v of a) {
          if (!(v > 0) || !Number.isFinite(v)) continue;
          lo = Math.min(lo, Math.log10(v));
          hi = Math.max(hi, Math.log10(v));
        }
      }
    }
  }
  return Number.isFinite(lo) ? { lo: Math.min(lo, hi - MIN_DECADES), hi } : { lo: 0, hi: 0 };
}

export const MIN_WIDTH = 1;
export const MAX_WIDTH = 9;

/** The width of an arrow carrying a gradient of norm v: MIN_WIDTH to MAX_WIDTH px, log scale over the range. */
export function gradWidth(v: number, range: { lo: number; hi: number }): number {
  if (!(v > 0)) return MIN_WIDTH;
  const span = range.hi - range.lo;
  const x = span > 0 ? (Math.log10(v) - range.lo) / span : 1;
  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.max(0, Math.min(1, x));
}
