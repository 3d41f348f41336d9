// cell_backward_dh: the recurrent half of BPTT through one time step of one layer, both directions,
// all B rows: dL/dh_{t-1} = W_hh^T · (recurrent-side gate gradients) + the direct term (GRU:
// dh_t * z). Dispatched right after cell_backward, which (SPLIT) leaves this product out, for every
// cell but the original GRU (its reset-gate path needs the whole row in one workgroup).
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts backward, dhPrev (checked in tests/gpu/kernels.test.ts
// through the gradients and norms of every earlier step, which it feeds).
// Structs Dims and Step: shaders/cell_dims.wgsl. CELL as in cell_forward.wgsl.
// Workgroup (block of R = 4 batch rows, dir, tile of WG units): a thread owns unit k of the 4 rows
// as one vec4. The rows' gate gradients pass through workgroup memory CHUNK gate rows at a time,
// one vec4 per gate row, so every W_hh weight read feeds 4 multiply-adds, and adjacent lanes read
// adjacent weights (row q of W_hh, columns k).
// Bindings (group 0): 0 dims uniform · 1 params read · 2 acts read · 3 dacts read = dxp | dhp,
//   each (dirs, T, B, G*H) · 4 dOut (T, B, H*dirs) read · 5 dstep read_write = dh[2] | dc[2],
//   each (dirs, B, H), ping-pong by parity · (group 1) 0 step uniform {s}

override CELL : u32 = 2u;
const WG : u32 = 64u;
const R : u32 = 4u;
const CHUNK : u32 = 512u;

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> acts : array<f32>;
@group(0) @binding(3) var<storage, read> dacts : array<f32>;
@group(0) @binding(4) var<storage, read> dOut : array<f32>;
@group(0) @binding(5) var<storage, read_write> dstep : array<f32>;
@group(1) @binding(0) var<uniform> step : Step;

var<workgroup> g4 : array<vec4<f32>, CHUNK>; // gate gradients q0 .. q0 + CHUNK of the block's rows

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let B = dims.B; let T = dims.T; let H = dims.H;
  let GH = dims.G * H;
  let b0 = wg.x * R; let d = wg.y;
  let nb = min(R, B - b0);
  let s = step.s;
  let t = select(T - 1u - s, s, d == 0u);
  let SA = dims.dirs * T * B * GH;            // size of one dacts section
  let SD = dims.dirs * B * H;                 // size of one dstep section
  let pin = (T - 1u - s) % 2u;
  let pout = 1u - pin;
  let x0 = ((d * T + t) * B + b0) * GH;       // row r of dxp / post: x0 + r*GH
  let A = select(0u, SA, CELL >= 4u) + x0;    // GRU: dhp; RNN/LSTM: dxp
  let k = wg.z * WG + lid;
  let wHh = dims.wHh[d];

  var acc = vec4<f32>(0.0);
  for (var q0 = 0u; q0 < GH; q0 += CHUNK) {
    let n = min(CHUNK, GH - q0);
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
  if (k >= H) { return; }
  for (var r = 0u; r < nb; r++) {
    let drow = (d * B + b0 + r) * H;
    var dh = acc[r];
    if (CELL >= 4u) {
      let orow = (t * B + b0 + r) * dims.dirs * H + d * H;
      let dht = dstep[pin * SD + drow + k] + dOut[orow + k];
      dh += dht * acts[2u * SA + x0 + r * GH + H + k]; // dh_t * z
    }
    dstep[pout * SD + drow + k] = dh;
  }
}
