// weight_grad: a weight's gradient as one matmul over all T*B positions after the BPTT loop,
//   dW_d[q, k] = sum_n A_d[n, rowStart + q] * Xsrc_d(n, k)   for q < M, k < K,
//   and, when hasBias, db_d[q] = sum_n A_d[n, rowStart + q]   (the k = K column of ones).
// Xsrc by mode: 0 = a plain (N, K) matrix (a layer's input, the decoder's input);
// 1 = h_{t-1} of the direction read from `states` (h0 at the window's start);
// 2 = aux of `states` at t (the original GRU's r*h_{t-1}, for the W_hn rows).
// CPU twin: gemmTNAcc + addRowSums in src/model/linalg.ts, as used by the cells and Network.
// Bindings: 0 dims uniform · 1 A read · 2 src read · 3 grad read_write

struct Dims {
  M : u32, K : u32, N : u32, dirs : u32,
  lda : u32, aBase : u32, aDirStride : u32, rowStart : u32,
  mode : u32, hasBias : u32, T : u32, B : u32,
  w : vec2<u32>, b : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> A : array<f32>;
@group(0) @binding(2) var<storage, read> src : array<f32>;
@group(0) @binding(3) var<storage, read_write> grad : array<f32>;

fn x_at(d : u32, n : u32, k : u32) -> f32 {
  if (dims.mode == 0u) { return src[n * dims.K + k]; }
  let T = dims.T; let B = dims.B; let H = dims.K;
  let t = n / B; let b = n % B;
  let SS = dims.dirs * T * B * H;
  if (dims.mode == 2u) { return src[2u * SS + ((d * T + t) * B + b) * H + k]; }
  let first = select(t == T - 1u, t == 0u, d == 0u);
  if (first) { return src[3u * SS + (d * B + b) * H + k]; }
  let tp = select(t + 1u, t - 1u, d == 0u);
  return src[((d * T + tp) * B + b) * H + k];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let cols = dims.K + dims.hasBias;
  let per = dims.M * cols;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let q = (idx % per) / cols;
  let k = idx % cols;
  let a = dims.aBase + d * dims.aDirStride + dims.rowStart + q;
  var acc = 0.0;
  if (k == dims.K) {
    for (var n = 0u; n < dims.N; n++) { acc += A[a + n * dims.lda]; }
    grad[dims.b[d] + q] = acc;
  } else {
    for (var n = 0u; n < dims.N; n++) { acc += A[a + n * dims.lda] * x_at(d, n, k); }
    grad[dims.w[d] + q * dims.K + k] = acc;
  }
}
