// Included by cell_backward (narrow form) and cell_backward_dh (wide form): the recurrent half of
// BPTT through one step, dL/dh_{t-1} = W_hh^T · (recurrent-side gate gradients) + the direct
// terms, for units kb + lid of a block of nb <= 4 batch rows. The rows' gate gradients pass
// through workgroup memory CHUNK gate rows at a time, one vec4 per gate row, so every W_hh weight
// read feeds 4 multiply-adds and adjacent invocations read adjacent weights (row q of W_hh,
// columns k). Needs in the including kernel: dims, step, params, acts, dacts, dOut, dstep (the
// bindings of the same names) and WG. Uniform control flow: every invocation calls it.

const CHUNK : u32 = 512u;
var<workgroup> g4 : array<vec4<f32>, CHUNK>; // gate gradients q0 .. q0 + CHUNK of the block's rows

fn recurrent_dh(b0 : u32, nb : u32, d : u32, kb : u32, lid : u32) {
  let B = dims.B; let T = dims.T; let H = dims.H;
  let GH = dims.G * H;
  let s = step.s;
  let t = select(T - 1u - s, s, d == 0u);
  let SA = dims.dirs * T * B * GH;            // size of one dacts section
  let SD = dims.dirs * B * H;                 // size of one dstep section
  let pin = (T - 1u - s) % 2u;
  let pout = 1u - pin;
  let x0 = ((d * T + t) * B + b0) * GH;       // row r of dxp / post: x0 + r*GH
  let A = select(0u, SA, CELL >= 4u) + x0;    // GRU: dhp; RNN/LSTM: dxp
  let rows = select(GH, 2u * H, CELL == 5u);  // the original GRU's W_hn path is its own (cell_backward)
  let k = kb + lid;
  let wHh = dims.wHh[d];

  var acc = vec4<f32>(0.0);
  for (var q0 = 0u; q0 < rows; q0 += CHUNK) {
    let n = min(CHUNK, rows - q0);
    for (var i = lid; i < n; i += WG) {
      var v = vec4<f32>(0.0);
      for (var r = 0u; r < nb; r++) { v[r] = dacts[A + r * GH + q0 + i]; }
      g4[i] = v;
    }
    workgroupBarrier();
    if (k < H) {
      for (var i = 0u; i < n; i++) { acc += params[wHh + (q0 + i) * H + k] * g4[i]; }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < nb && k < H; r++) {
    let out = pout * SD + (d * B + b0 + r) * H + k;
    var dh = acc[r];
    if (CELL >= 4u) {
      let orow = (t * B + b0 + r) * dims.dirs * H + d * H;
      let dht = dstep[pin * SD + (d * B + b0 + r) * H + k] + dOut[orow + k];
      dh += dht * acts[2u * SA + x0 + r * GH + H + k]; // dh_t * z
    }
    if (CELL == 5u) { dh += dstep[out]; } // the reset path, left there by cell_backward
    dstep[out] = dh;
  }
}
