// What a training run needs besides its parameters to continue exactly where it was: the update
// it is at, how many batches it has drawn (the batchers are deterministic, so drawing that many
// again puts them back in place), the optimizer's state, and the recurrent state a next-character
// run carries from one window to the next. Both backends hand it out (Backend.trainingState) and
// start from it (BackendInit.resume); src/io/run-state.ts writes it into a checkpoint file.
import type { OptimizerKind } from './config.ts';
import type { RecurrentState } from './network.ts';
import { createOptimizer, type OptimizerState } from './optim.ts';
import type { FArrayCtor } from './params.ts';

export interface TrainingState {
  /** Updates applied (the run's step). */
  step: number;
  /** Batches drawn so far (a step whose update was skipped drew one too). */
  batches: number;
  optimizer: {
    kind: OptimizerKind;
    /** Updates since the moments started from zero (Adam's bias correction). */
    t: number;
    /** (P) Adam's first moment; empty for SGD and RMSprop. */
    m: Float32Array;
    /** (P) Adam's second moment or RMSprop's square average; empty for SGD. */
    v: Float32Array;
  };
  /** Next character: the state carried into the next window, per layer its forward direction's
   *  h (B, H) then, for an LSTM, c (B, H); empty for whole sequences. */
  carried: Float32Array;
}

/** Draws `n` batches and drops them: a deterministic batcher is then where it was after n. */
export function advance(batcher: { next(): unknown }, n: number): void {
  for (let i = 0; i < n; i++) batcher.next();
}


/** Whether the saved moments go on (the run uses the same optimizer; with another they restart,
 *  as changing it live does). A RangeError for moments of the wrong length. */
export function keepsMoments(saved: TrainingState['optimizer'], kind: OptimizerKind, P: number): boolean {
  if (saved.kind !== kind) return false;
  const want = { m: kind === 'adam' ? P : 0, v: kind === 'sgd' ? 0 : P };
  if (saved.m.length !== want.m || saved.v.length !== want.v) throw new RangeError(`the saved optimizer state holds ${saved.m.length} + ${saved.v.length} moments; this model needs ${want.m} + ${want.v}`);
  return true;
}

/** The optimizer a resumed run continues with (keepsMoments). */
export function resumedOptimizer(saved: TrainingState['optimizer'], kind: OptimizerKind, P: number, ctor: FArrayCtor): OptimizerState {
  return keepsMoments(saved, kind, P) ? { kind, t: saved.t, m: new ctor(saved.m), v: new ctor(saved.v) } : createOptimizer(kind, P, ctor);
}

/** The carried state as one array: per layer h, then c (an LSTM's). */
export function packCarried(state: RecurrentState): Float32Array {
  const parts = state.h.flatMap((h, l) => [h, state.c[l]!]);
  const out = new Float32Array(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of parts) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Writes a packed carried state back (a RangeError when its length does not fit). */
export function unpackCarried(packed: Float32Array, state: RecurrentState): void {
  const parts = state.h.flatMap((h, l) => [h, state.c[l]!]);
  const n = parts.reduce((k, a) => k + a.length, 0);
  if (packed.length !== n) throw new RangeError(`the saved carried state has ${packed.length} numbers; this model carries ${n}`);
  let at = 0;
  for (const a of parts) {
    a.set(packed.subarray(at, at + a.length));
    at += a.length;
  }
}
