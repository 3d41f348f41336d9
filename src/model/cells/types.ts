// The contract every recurrent cell implements: one time step for a batch of B rows, forward and
// backward, on views of the caller's buffers. The caller computes xp = W_ih x_t + b_ih for all t.
import type { FArray, LayerOffsets } from '../params.ts';

/** Views for one (layer, direction, time step). G = gates, H = hidden size. */
export interface StepBuffers {
  xp: FArray; //    (B, G*H) in: W_ih x_t + b_ih
  hPrev: FArray; // (B, H) in: h_{t-1}
  cPrev: FArray; // (B, H) in: c_{t-1} (LSTM; empty otherwise)
  pre: FArray; //   (B, G*H) out: gate pre-activations (the values inside sigma / tanh / act)
  post: FArray; //  (B, G*H) out: gate activations
  aux: FArray; //   (B, H) out: LSTM tanh(c_t); GRU W_hn h + b_hn (pytorch) or r*h_{t-1} (original)
  h: FArray; //     (B, H) out: h_t
  c: FArray; //     (B, H) out: c_t (LSTM; empty otherwise)
}

/** Gradient views for the same step. */
export interface StepGrads {
  dh: FArray; //     (B, H) in: dL/dh_t, total (from the layer above or decoder, plus from step t+1)
  dc: FArray; //     (B, H) in: dL/dc_t from step t+1; out: total dL/dc_t (LSTM; empty otherwise)
  dxp: FArray; //    (B, G*H) out: dL/d(W_ih x_t + b_ih)
  dhPrev: FArray; // (B, H) out: dL/dh_{t-1} through this step
  dcPrev: FArray; // (B, H) out: dL/dc_{t-1} through this step (LSTM)
  work: FArray; //   (B, G*H) scratch
}

export interface Cell {
  forward(p: FArray, lo: LayerOffsets, B: number, H: number, s: StepBuffers): void;
  /** Accumulates dW_hh, db_hh (and peepholes) into grad (same layout as p). */
  backward(p: FArray, grad: FArray, lo: LayerOffsets, B: number, H: number, s: StepBuffers, d: StepGrads): void;
}
