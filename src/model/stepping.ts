// The order in which step mode walks an unrolled network, one (layer, processing step) at a time.
// Unidirectional: time-major (every layer at t, then t+1), as the recurrence flows. Bidirectional:
// layer-major, because a reverse direction needs the whole output of the layer below first.
// At processing step s the forward direction is at position s, the reverse one at T-1-s.

export interface StepTick {
  layer: number;
  s: number;
}

export interface StepDirState {
  /** Position in the window. */
  t: number;
  pre: Float32Array; //  (G*H) gate pre-activations
  post: Float32Array; // (G*H) gate activations
  h: Float32Array; //    (H)
  c: Float32Array | null; // (H) LSTM
}

export interface StepState {
  tick: number;
  layer: number;
  s: number;
  /** One entry per direction. */
  dirs: StepDirState[];
  /** Next-character probabilities (V) at position s once the top layer has produced it
   *  (unidirectional models; a bidirectional model predicts only after its last layer is done). */
  probs: Float32Array | null;
}

export function tickOrder(layers: number, T: number, bidirectional: boolean): StepTick[] {
  const ticks: StepTick[] = [];
  if (bidirectional) {
    for (let layer = 0; layer < layers; layer++) for (let s = 0; s < T; s++) ticks.push({ layer, s });
  } else {
    for (let s = 0; s < T; s++) for (let layer = 0; layer < layers; layer++) ticks.push({ layer, s });
  }
  return ticks;
}

/** True when the tick completes the prediction at position s (the top layer of a one-way model). */
export function predictsAt(tick: StepTick, layers: number, bidirectional: boolean): boolean {
  return !bidirectional && tick.layer === layers - 1;
}
