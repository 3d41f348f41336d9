// weight_grad: a weight's gradient as one matmul over all N = T*B positions after the BPTT loop,
//   dW_d[q, k] = sum_n A_d[n, rowStart + q] * Xsrc_d(n, k)   for q < M, k < K,
//   and, when hasBias, db_d[q] = sum_n A_d[n, rowStart + q]   (bias threads after the tiles).
// Xsrc by mode: 0 = a plain (N, K) matrix (a layer's input, the decoder's input);
// 1 = h_{t-1} of direction d read from `states` (h0, at dims.h0, where the window starts for d);
// 2 = aux of `states` at t, at dims.aux (the original GRU's r*h_{t-1}, for the W_hn rows).
// (Section offsets: src/backend/webgpu/layout.ts NetLayout.)
// Two entry points: `main` (software adapters): a thread per 4 x 4 register block (4 rows q, 4
// columns k) with vec4 accumulators and a loop over all N, bias threads after the tiles; `tiled`
// (real GPUs): workgroups (column tiles, row tiles, dirs) of gemm_tile (shaders/gemm_tile.wgsl)
// over the N positions, the bias as the row sums of the first column tile. The row of Xsrc for
// position n is one comparison away, with no division in the loop.
// CPU twin: gemmTNAcc + addRowSums in src/model/linalg.ts, as used by the cells and Network.
// Bindings: 0 dims uniform · 1 A read · 2 src read · 3 grad read_write

struct Dims {
  M : u32, K : u32, N : u32, dirs : u32,
  lda : u32, aBase : u32, aDirStride : u32, rowStart : u32,
  mode : u32, hasBias : u32, T : u32, B : u32,
  aux : u32, h0 : u32,   // states sections (modes 1 and 2)
  w : vec2<u32>, b : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> A : array<f32>;
@group(0) @binding(2) var<storage, read> src : array<f32>;
@group(0) @binding(3) var<storage, read_write> grad : array<f32>;

/** Offset of row n of Xsrc for direction d. */
fn x_row(d : u32, n : u32) -> u32 {
  let K = dims.K;
  if (dims.mode == 0u) { return n * K; }
  let N = dims.N; let B = dims.B; // states: h (at 0) | c | aux | h0 | c0, with K = H
  if (dims.mode == 2u) { return dims.aux + (d * N + n) * K; }
  if (d == 0u) { return select(dims.h0 + n * K, (n - B) * K, n >= B); }
  return select(dims.h0 + (B + n - (N - B)) * K, (N + n + B) * K, n + B < N);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let M = dims.M; let K = dims.K; let N = dims.N;
  let tq = (M + 3u) / 4u;
  let tk = (K + 3u) / 4u;
  let tiles = tq * tk;
  let per = tiles + dims.hasBias * M;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let r = idx % per;
  let a = dims.aBase + d * dims.aDirStride + dims.rowStart;
  if (r >= tiles) {
    let q = r - tiles;
    var acc = 0.0;
    for (var n = 0u; n < N; n++) { acc += A[a + n * dims.lda + q]; }
    grad[dims.b[d] + q] = acc;
    return;
  }
  let q0 = (r / tk) * 4u;
  let k0 = (r % tk) * 4u;
  // clamped indices: rows/columns past the edge read valid memory and are never written
  let qi = vec4<u32>(min(q0, M - 1u), min(q0 + 1u, M - 1u), min(q0 + 2u, M - 1u), min(q0 + 3u, M - 1u));
  let ki = vec4<u32>(min(k0, K - 1u), min(k0 + 1u, K - 1u), min(k0 + 2u, K - 1u), min(k0 + 3u, K - 1u));
  var c0 = vec4<f32>(0.0); var c1 = vec4<f32>(0.0); var c2 = vec4<f32>(0.0); var c3 = vec4<f32>(0.0);
  for (var n = 0u; n < N; n++) {
    let ar = a + n * dims.lda;
    let xr = x_row(d, n);
    let xv = vec4<f32>(src[xr + ki.x], src[xr + ki.y], src[xr + ki.z], src[xr + ki.w]);
    c0 += A[ar + qi.x] * xv;
    c1 += A[ar + qi.y] * xv;
    c2 += A[ar + qi.z] * xv;
    c3 += A[ar + qi.w] * xv;
  }
  let rows = array<vec4<f32>, 4>(c0, c1, c2, c3);
  for (var i = 0u; i < 4u; i++) {
    if (q0 + i >= M) { break; }
    for (var j = 0u; j < 4u; j++) {
      if (k0 + j < K) { grad[dims.w[d] + (q0 + i) * K + k0 + j] = rows[i][j]; }
    }
  }
}

// the tiled form: C[q, k] = sum_n A(n, q) * Xsrc(n, k); adjacent q (k) are adjacent in A (Xsrc)
const P_ALONG_C : bool = false;
const Q_ALONG_C : bool = false;
var<private> td : u32; // the workgroup's direction
var<private> ta : u32; // A of direction td, at rowStart

fn p_at(n : u32, q : u32) -> f32 {
  if (q >= dims.M) { return 0.0; }
  return A[ta + n * dims.lda + q];
}

fn q_at(n : u32, k : u32) -> f32 {
  if (k >= dims.K) { return 0.0; }
  return src[x_row(td, n) + k];
}

@compute @workgroup_size(256)
fn tiled(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  td = wg.z;
  ta = dims.aBase + td * dims.aDirStride + dims.rowStart;
  let q0 = wg.y * TILE + 4u * (lid / 16u);
  let k0 = wg.x * TILE + 4u * (lid % 16u);
  let bias = dims.hasBias == 1u && wg.x == 0u;
  let blk = gemm_tile(wg.y * TILE, wg.x * TILE, dims.N, lid, bias);
  for (var r = 0u; r < 4u && q0 + r < dims.M; r++) {
    for (var j = 0u; j < 4u && k0 + j < dims.K; j++) { grad[dims.w[td] + (q0 + r) * dims.K + k0 + j] = blk.c[r][j]; }
    if (bias && lid % 16u == 0u) { grad[dims.b[td] + q0 + r] = blk.sums[r]; }
  }
}
