// matmul_nt: out_d (N, M) = X (N, K) · W_d (M, K)^T + b_d, for each direction d — the input
// projection of layers above the first (all T at once) and the decoder's logits.
// CPU twin: gemmNT in src/model/linalg.ts (+ bias rows).
// Bindings: 0 dims uniform · 1 params read · 2 X read (at xOff) · 3 out read_write (at outOff + d*outDirStride)

struct Dims {
  N : u32, M : u32, K : u32, dirs : u32,
  xOff : u32, outOff : u32, outDirStride : u32, _p : u32,
  w : vec2<u32>, b : vec2<u32>,
}

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> X : array<f32>;
@group(0) @binding(3) var<storage, read_write> out : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let per = dims.N * dims.M;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let n = (idx % per) / dims.M;
  let m = idx % dims.M;
  let x = dims.xOff + n * dims.K;
  let w = dims.w[d] + m * dims.K;
  var acc = 0.0;
  for (var k = 0u; k < dims.K; k++) { acc += X[x + k] * params[w + k]; }
  out[dims.outOff + d * dims.outDirStride + n * dims.M + m] = acc + params[dims.b[d] + m];
}
