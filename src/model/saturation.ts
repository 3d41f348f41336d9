// Gate saturation, as in Karpathy, Johnson and Fei-Fei (2015), fig. 3: for each unit of a gate
// whose activation lies in (0, 1) (a sigmoid: the LSTM's i, f, o, the GRU's r, z), the fraction
// of the passage's steps it spends left-saturated (< 0.1, nearly shut) and right-saturated
// (> 0.9, nearly open). A pure function over the activations a passage or trace reads back.
import { cellSpec, type CellChoice } from './cells/registry.ts';

/** Below this a gate counts as left-saturated (shut); above RIGHT as right-saturated (open). */
export const LEFT = 0.1;
export const RIGHT = 0.9;

export interface GateSaturation {
  gate: string;
  left: Float32Array; //  (H) fraction of steps with activation < LEFT
  right: Float32Array; // (H) fraction of steps with activation > RIGHT
}

/** The gates whose activation lies in (0, 1), with their row index: the ones saturation reads. */
export function unitGates(c: CellChoice): { gate: string; index: number }[] {
  return cellSpec(c)
    .gates(c)
    .flatMap((g, index) => (g.range === 'unit' ? [{ gate: g.name, index }] : []));
}

/** Each unit's saturation fractions of gate row `index` of post (N, G*H), over its N steps. */
export function gateSaturation(post: ArrayLike<number>, N: number, G: number, H: number, index: number, gate: string): GateSaturation {
  const left = new Float32Array(H);
  const right = new Float32Array(H);
  for (let t = 0; t < N; t++) {
    for (let j = 0; j < H; j++) {
      const a = post[t * G * H + index * H + j]!;
      if (a < LEFT) left[j]!++;
      else if (a > RIGHT) right[j]!++;
    }
  }
  for (let j = 0; j < H; j++) {
    left[j] = N > 0 ? left[j]! / N : 0;
    right[j] = N > 0 ? right[j]! / N : 0;
  }
  return { gate, left, right };
}

/** Saturation of every (0, 1) gate of one (layer, direction)'s post (N, G*H). */
export function saturation(c: CellChoice, post: ArrayLike<number>, N: number, H: number): GateSaturation[] {
  const G = cellSpec(c).gates(c).length;
  return unitGates(c).map(({ gate, index }) => gateSaturation(post, N, G, H, index, gate));
}
