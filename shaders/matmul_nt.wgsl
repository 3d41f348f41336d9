// matmul_nt: out_d (N, M) = X (N, K) · W_d (M, K)^T + b_d, for each direction d — the input
// projection of layers above the first (all T at once) and the decoder's logits.
// CPU twin: gemmNT in src/model/linalg.ts (+ bias rows).
// Bindings: 0 dims uniform · 1 params read · 2 X read (at xOff) · 3 out read_write (at outOff + d*outDirStride)

struct Dims {
  N : u32, M : u32, K : u32, dirs : u32,
  xOff : u32, outOff : u32, outDirStride : u32,
  w : vec2<u32>, b : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> X : array<f32>;
@group(0) @binding(3) var<storage, read_write> out : array<f32>;

// Two entry points: `main` (software adapters) below, and `tiled` (real GPUs): workgroups (column
// tiles, row tiles, dirs) of gemm_tile (shaders/gemm_tile.wgsl) over k.
// main: a thread computes a 4 x 4 block (rows n0..n0+3, columns m0..m0+3): per k, 8 loads feed 16
// multiply-adds (one output per thread read 2 per 1). Rows past N or M are read clamped and not
// stored.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let MB = (dims.M + 3u) / 4u;
  let per = ((dims.N + 3u) / 4u) * MB;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let n0 = ((idx % per) / MB) * 4u;
  let m0 = (idx % MB) * 4u;
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let x = dims.xOff + min(vec4<u32>(n0) + lanes, vec4<u32>(dims.N - 1u)) * dims.K;
  let w = dims.w[d] + min(vec4<u32>(m0) + lanes, vec4<u32>(dims.M - 1u)) * dims.K;
  var a0 = vec4<f32>(0.0); // row n0: columns m0..m0+3
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var k = 0u; k < dims.K; k++) {
    let wv = vec4<f32>(params[w.x + k], params[w.y + k], params[w.z + k], params[w.w + k]);
    a0 += X[x.x + k] * wv;
    a1 += X[x.y + k] * wv;
    a2 += X[x.z + k] * wv;
    a3 += X[x.w + k] * wv;
  }
  let rows = mat4x4<f32>(a0, a1, a2, a3);
  let o = dims.outOff + d * dims.outDirStride;
  for (var r = 0u; r < 4u && n0 + r < dims.N; r++) {
    for (var c = 0u; c < 4u && m0 + c < dims.M; c++) {
      out[o + (n0 + r) * dims.M + m0 + c] = rows[r][c] + params[dims.b[d] + m0 + c];
    }
  }
}

// the tiled form: C[n, m] = sum_k X(n, k) * W(m, k); adjacent k are adjacent in both
const P_ALONG_C : bool = true;
const Q_ALONG_C : bool = true;
var<private> tw : u32; // W of the workgroup's direction

fn p_at(k : u32, n : u32) -> f32 {
  if (n >= dims.N) { return 0.0; }
  return X[dims.xOff + n * dims.K + k];
}

fn q_at(k : u32, m : u32) -> f32 {
  if (m >= dims.M) { return 0.0; }
  return params[tw + m * dims.K + k];
}

@compute @workgroup_size(256)
fn tiled(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let d = wg.z;
  tw = dims.w[d];
  let n0 = wg.y * TILE + 4u * (lid / 16u);
  let m0 = wg.x * TILE + 4u * (lid % 16u);
  let blk = gemm_tile(wg.y * TILE, wg.x * TILE, dims.K, lid, false);
  let o = dims.outOff + d * dims.outDirStride;
  for (var r = 0u; r < 4u && n0 + r < dims.N; r++) {
    for (var c = 0u; c < 4u && m0 + c < dims.M; c++) {
      out[o + (n0 + r) * dims.M + m0 + c] = blk.c[r][c] + params[dims.b[d] + m0 + c];
    }
  }
}
