// Included by the cell kernels (cell_forward, cell_backward, cell_backward_dh), after the cell
// constants CELL_<NAME> of the registry (src/model/cells/registry.ts wgslCellConstants): the cell
// form, the `cellDims` and per-step uniforms, and cell_at, the one place the kernels find where a
// (step, direction, batch row) lies in a layer's buffers. Every size and offset comes from the
// uniforms, filled from src/backend/webgpu/layout.ts (uniforms.ts CellDims, Step); none is worked
// out here. Offsets in floats.

/** The cell form: one of the CELL_<NAME> constants (an override constant of the pipeline). */
override CELL : u32 = CELL_LSTM;

fn is_rnn() -> bool { return CELL == CELL_RNN_TANH || CELL == CELL_RNN_RELU; }
fn is_lstm() -> bool { return CELL == CELL_LSTM || CELL == CELL_LSTM_PEEPHOLE; }
fn is_gru() -> bool { return CELL == CELL_GRU || CELL == CELL_GRU_ORIGINAL; }

struct Dims {
  B : u32, T : u32, H : u32, G : u32, dirs : u32,
  GH : u32,     // G*H: width of an acts / dacts row
  Hp : u32,     // H rounded up to 4: the padded width of the W_hh copies
  pre : u32, post : u32,                                 // sections of acts (xp at 0)
  dhp : u32,                                             // section of dacts (dxp at 0)
  c : u32, aux : u32, h0 : u32, c0 : u32,                // sections of states (h at 0)
  normDc : u32,                                          // section of normsq (|dh|^2 at 0)
  wHh : vec2<u32>, bHh : vec2<u32>, peep : vec2<u32>,    // per direction, in params
  wT : vec2<u32>, wP : vec2<u32>,                        // W_hh^T and the padded W_hh, in paramsT
}

/** Step s of the layer's dispatches: each direction's position t, and (backward) the dstep
 *  halves of dL/dh and dL/dc it reads (x) and writes (y), ping-pong by parity. */
struct Step { s : u32, t : vec2<u32>, dh : vec2<u32>, dc : vec2<u32> }

/** Where row b of direction d lies at this step. */
struct CellAt {
  t : u32,        // the position
  first : bool,   // the first step: h_{t-1} and c_{t-1} come from h0 and c0
  x : u32,        // row in an acts / dacts section (width G*H)
  h : u32,        // row in a states section (width H)
  hp : u32,       // h_{t-1} in states
  cp : u32,       // c_{t-1} in states
  o : u32,        // row of out / dOut (width H*dirs), at this direction's columns
  n : u32,        // index in a normsq section
  carry : u32,    // row in a (dirs, B, H) section: dstep's halves, h0, c0
}

fn cell_at(d : u32, b : u32) -> CellAt {
  var c : CellAt;
  let T = dims.T; let B = dims.B; let H = dims.H;
  c.t = step.t[d];
  c.first = step.s == 0u;
  let tp = select(c.t + 1u, c.t - 1u, d == 0u); // the previous position in processing order
  c.n = (d * T + c.t) * B + b;
  c.x = c.n * dims.GH;
  c.h = c.n * H;
  c.carry = (d * B + b) * H;
  c.hp = select(((d * T + tp) * B + b) * H, dims.h0 + c.carry, c.first);
  c.cp = select(dims.c + ((d * T + tp) * B + b) * H, dims.c0 + c.carry, c.first);
  c.o = (c.t * B + b) * dims.dirs * H + d * H;
  return c;
}
