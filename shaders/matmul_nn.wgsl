// matmul_nn: out (N, K) = sum over d of A_d (N, M) · W_d (M, K) — gradients flowing down:
// dX of the layer below (from dxp and W_ih of both directions) and of the top layer (from dlogits
// and the decoder weight). Overwrites out.
// CPU twin: gemmNNAcc in src/model/linalg.ts.
// Bindings: 0 dims uniform · 1 params read · 2 A read (at aBase + d*aDirStride, row stride lda) · 3 out read_write

struct Dims {
  N : u32, M : u32, K : u32, dirs : u32,
  lda : u32, aBase : u32, aDirStride : u32,
  w : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> A : array<f32>;
@group(0) @binding(3) var<storage, read_write> out : array<f32>;

// Two entry points: `tiled` (real GPUs, at the end): workgroups (column tiles, row tiles) of
// gemm_tile (shaders/gemm_tile.wgsl) over c = (d, m), both directions' sums in one contraction.
// main (software adapters): a thread computes a 4 x 4 block (rows n0..n0+3, columns k0..k0+3): per
// m, 8 loads feed 16 multiply-adds. Rows past N or K are read clamped and not stored.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let KB = (dims.K + 3u) / 4u;
  if (idx >= ((dims.N + 3u) / 4u) * KB) { return; }
  let n0 = (idx / KB) * 4u;
  let k0 = (idx % KB) * 4u;
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let rows = min(vec4<u32>(n0) + lanes, vec4<u32>(dims.N - 1u)) * dims.lda;
  let cols = min(vec4<u32>(k0) + lanes, vec4<u32>(dims.K - 1u));
  var a0 = vec4<f32>(0.0); // row n0: columns k0..k0+3
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var d = 0u; d < dims.dirs; d++) {
    let a = vec4<u32>(dims.aBase + d * dims.aDirStride) + rows;
    var w = vec4<u32>(dims.w[d]) + cols; // row m of W_d, advanced by K each m
    for (var m = 0u; m < dims.M; m++) {
      let wv = vec4<f32>(params[w.x], params[w.y], params[w.z], params[w.w]);
      a0 += A[a.x + m] * wv;
      a1 += A[a.y + m] * wv;
      a2 += A[a.z + m] * wv;
      a3 += A[a.w + m] * wv;
      w += vec4<u32>(dims.K);
    }
  }
  let block = mat4x4<f32>(a0, a1, a2, a3);
  for (var r = 0u; r < 4u && n0 + r < dims.N; r++) {
    for (var c = 0u; c < 4u && k0 + c < dims.K; c++) { out[(n0 + r) * dims.K + k0 + c] = block[r][c]; }
  }
}

// the tiled form: C[n, k] = sum over c = d*M + m of A_d(n, m) * W_d(m, k); adjacent m are adjacent
// in A, adjacent k in W
const P_ALONG_C : bool = true;
const Q_ALONG_C : bool = false;

fn p_at(c : u32, n : u32) -> f32 {
  if (n >= dims.N) { return 0.0; }
  let d = c / dims.M;
  return A[dims.aBase + d * dims.aDirStride + n * dims.lda + c - d * dims.M];
}

fn q_at(c : u32, k : u32) -> f32 {
  if (k >= dims.K) { return 0.0; }
  let d = c / dims.M;
  return params[dims.w[d] + (c - d * dims.M) * dims.K + k];
}

@compute @workgroup_size(256)
fn tiled(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let n0 = wg.y * TILE + 4u * (lid / 16u);
  let k0 = wg.x * TILE + 4u * (lid % 16u);
  let blk = gemm_tile(wg.y * TILE, wg.x * TILE, dims.dirs * dims.M, lid, false);
  for (var r = 0u; r < 4u && n0 + r < dims.N; r++) {
    for (var c = 0u; c < 4u && k0 + c < dims.K; c++) { out[(n0 + r) * dims.K + k0 + c] = blk.c[r][c]; }
  }
}
