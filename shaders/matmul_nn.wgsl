// matmul_nn: out (N, K) = sum over d of A_d (N, M) · W_d (M, K) — gradients flowing down:
// dX of the layer below (from dxp and W_ih of both directions) and of the top layer (from dlogits
// and the decoder weight). Overwrites out.
// CPU twin: gemmNNAcc in src/model/linalg.ts.
// Bindings: 0 dims uniform · 1 params read · 2 A read (at aBase + d*aDirStride, row stride lda) · 3 out read_write

struct Dims {
  N : u32, M : u32, K : u32, dirs : u32,
  lda : u32, aBase : u32, aDirStride : u32, _p : u32,
  w : vec2<u32>, _q : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> A : array<f32>;
@group(0) @binding(3) var<storage, read_write> out : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  if (idx >= dims.N * dims.K) { return; }
  let n = idx / dims.K;
  let k = idx % dims.K;
  var acc = 0.0;
  for (var d = 0u; d < dims.dirs; d++) {
    let a = dims.aBase + d * dims.aDirStride + n * dims.lda;
    let w = dims.w[d] + k;
    for (var m = 0u; m < dims.M; m++) { acc += A[a + m] * params[w + m * dims.K]; }
  }
  out[idx] = acc;
}
