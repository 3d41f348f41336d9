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
   *  (unidirectional models; a bidirectional model predicts only after its last layer is done);
   *  for a classifier, the label probabilities (K) at the last tick alone (outputAt). */
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

/** Whether tick number `i` of `ticks` produces output: a prediction (predictsAt), or for a
 *  classifier (labels > 0) the label, once every direction has read the whole sentence. */
export function outputAt(ticks: readonly StepTick[], i: number, layers: number, bidirectional: boolean, labels: number): boolean {
  return labels > 0 ? i === ticks.length - 1 : predictsAt(ticks[i]!, layers, bidirectional);
}
