// Truncated-BPTT batching. The text's N ids give L = N-1 (input, target) pairs. B streams each own
// a contiguous slice of S positions (S a multiple of T); window k of a stream covers its positions
// [k*T, k*T + T). Consecutive windows carry the recurrent state forward; after the last window a
// stream wraps to its start and the state resets. Fully deterministic: no randomness.
// When the text is too short for B disjoint slices, the slices overlap, spread evenly over it.

export interface Batch {
  /** (T, B) time-major input ids. */
  inputs: Int32Array;
  /** (T, B) time-major target ids (the next character). */
  targets: Int32Array;
  /** True when the streams (re)start: the carried state must be zeroed before this window. */
  reset: boolean;
  /** Window index within the epoch, and how many epochs were completed before it. */
  window: number;
  epoch: number;
}

export class StreamBatcher {
  /** First position of each stream. */
  readonly starts: Int32Array;
  readonly streamLength: number;
  readonly windowsPerEpoch: number;
  private window = 0;
  private epoch = 0;

  constructor(
    private readonly ids: Int32Array,
    readonly B: number,
    readonly T: number,
  ) {
    const L = ids.length - 1;
    if (L < T) throw new RangeError(`StreamBatcher: ${ids.length} ids cannot fill one window of ${T + 1}`);
    this.windowsPerEpoch = Math.floor(Math.max(T, Math.floor(L / B)) / T);
    this.streamLength = this.windowsPerEpoch * T;
    const S = this.streamLength;
    this.starts = Int32Array.from({ length: B }, (_, b) => (B * S <= L ? b * S : B > 1 ? Math.floor((b * (L - S)) / (B - 1)) : 0));
  }

  next(): Batch {
    const { B, T } = this;
    const inputs = new Int32Array(T * B);
    const targets = new Int32Array(T * B);
    for (let b = 0; b < B; b++) {
      const base = this.starts[b]! + this.window * T;
      for (let t = 0; t < T; t++) {
        inputs[t * B + b] = this.ids[base + t]!;
        targets[t * B + b] = this.ids[base + t + 1]!;
      }
    }
    const batch: Batch = { inputs, targets, reset: this.window === 0, window: this.window, epoch: this.epoch };
    this.window++;
    if (this.window === this.windowsPerEpoch) {
      this.window = 0;
      this.epoch++;
    }
    return batch;
  }
}
