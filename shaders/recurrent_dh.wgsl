// Included by cell_backward (narrow form) and cell_backward_dh (wide form): the recurrent half of
// BPTT through one step, dL/dh_{t-1} = W_hh^T · (recurrent-side gate gradients) + the direct
// terms, for a block of nb <= 4 batch rows. The rows' gate gradients pass through workgroup
// memory CHUNK gate rows at a time, one vec4 per gate row, so every W_hh weight read feeds the
// block's rows. Two forms (QUAD, declared by the including kernel):
//   scalar (real GPUs): WG / KS units kb + u, an invocation per (unit, slice of the gate rows);
//     adjacent invocations read adjacent weights (row q of W_hh, columns k): 4 multiply-adds per
//     weight load, 4 loads in flight; the KS slices' sums meet in g4 at the end (KS = 1: none).
//   QUAD (software adapters): units kb + 4 lid .. + 3, one aligned vec4 load of row q of the
//     padded W_hh (paramsT at dims.wP, (G*H, Hp): src/backend/webgpu/layout.ts RecurrentCopies)
//     feeding 16 multiply-adds; the padding columns are zeros.
// Needs in the including kernel: shaders/cell_dims.wgsl, params, paramsT, acts, dacts, dOut,
// dstep (the bindings of the same names), WG, KS (WG <= CHUNK) and QUAD (then KS = 1).
// Uniform control flow: every invocation calls it.

override CHUNK : u32 = 512u; // gate rows per pass: at most 512, at least WG (Kernels.workgroupEntries)
var<workgroup> g4 : array<vec4<f32>, CHUNK>; // gate gradients q0 .. q0 + CHUNK of the block's rows

/** Units per call: the including kernel calls recurrent_dh for kb = 0, UNITS, 2 UNITS, ... < H. */
fn units_per_call() -> u32 { return select(WG / KS, 4u * WG, QUAD); }

/** dstep's output for unit k of row b0 + r: the product plus the direct terms. */
fn write_dh(b0 : u32, r : u32, d : u32, k : u32, product : f32) {
  let c = cell_at(d, b0 + r);
  let out = step.dh.y + c.carry + k;
  var dh = product;
  if (is_gru()) {
    let dht = dstep[step.dh.x + c.carry + k] + dOut[c.o + k];
    dh += dht * acts[dims.post + c.x + dims.H + k]; // dh_t * z
  }
  if (CELL == CELL_GRU_ORIGINAL) { dh += dstep[out]; } // the reset path, left there by cell_backward
  dstep[out] = dh;
}

fn recurrent_dh(b0 : u32, nb : u32, d : u32, kb : u32, lid : u32) {
  let H = dims.H;
  let GH = dims.GH;
  let x0 = cell_at(d, b0).x;                         // row r of dxp / dhp: x0 + r*GH
  let A = select(0u, dims.dhp, is_gru()) + x0;       // GRU: dhp; RNN/LSTM: dxp
  let rows = select(GH, 2u * H, CELL == CELL_GRU_ORIGINAL); // the original GRU's W_hn path is its own (cell_backward)
  let Hp = dims.Hp;
  let U = WG / KS;
  let sl = lid / U;                                  // scalar form: this invocation's slice
  let k = select(kb + lid % U, kb + 4u * lid, QUAD);
  let wHh = dims.wHh[d];
  let wP = dims.wP[d];                               // the padded W_hh

  var acc = vec4<f32>(0.0);                   // scalar: unit k, rows 0..3
  var quad = mat4x4<f32>();                   // QUAD: column r = row r's units k .. k + 3
  for (var q0 = 0u; q0 < rows; q0 += CHUNK) {
    let n = min(CHUNK, rows - q0);
    for (var i = lid; i < n; i += WG) {
      var v = vec4<f32>(0.0);
      for (var r = 0u; r < nb; r++) { v[r] = dacts[A + r * GH + q0 + i]; }
      g4[i] = v;
    }
    workgroupBarrier();
    if (QUAD && k < H) {
      var p = (wP + q0 * Hp + k) / 4u;
      let stride = Hp / 4u;
      for (var i = 0u; i < n; i++) {
        let w = paramsT[p];
        let g = g4[i];
        quad[0] += w * g.x; quad[1] += w * g.y; quad[2] += w * g.z; quad[3] += w * g.w;
        p += stride;
      }
    } else if (!QUAD && k < H) {
      let per = (n + KS - 1u) / KS;
      var i = min(n, sl * per);
      let i1 = min(n, i + per);
      var p = wHh + (q0 + i) * H + k;
      var acc2 = vec4<f32>(0.0);
      for (; i + 4u <= i1; i += 4u) {
        let w0 = params[p]; let w1 = params[p + H]; let w2 = params[p + 2u * H]; let w3 = params[p + 3u * H];
        acc += w0 * g4[i] + w1 * g4[i + 1u];
        acc2 += w2 * g4[i + 2u] + w3 * g4[i + 3u];
        p += 4u * H;
      }
      for (; i < i1; i++) { acc += params[p] * g4[i]; p += H; }
      acc += acc2;
    }
    workgroupBarrier();
  }
  if (KS > 1u) { // the slices' sums, through g4 (free again after the last chunk's barrier)
    g4[lid] = acc;
    workgroupBarrier();
    for (var s = 1u; s < KS; s++) { acc += g4[s * U + lid % U]; }
    workgroupBarrier(); // g4 is staged again by the next call
  }
  for (var r = 0u; r < nb; r++) {
    if (QUAD) {
      for (var u = 0u; u < 4u && k + u < H; u++) { write_dh(b0, r, d, k + u, quad[r][u]); }
    } else if (k < H && sl == 0u) {
      write_dh(b0, r, d, k, acc[r]);
    }
  }
}
