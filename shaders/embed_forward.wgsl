// embed_forward: layer 0's input projection for all T*B positions and both directions at once.
// The input is one-hot, so W_ih x is a column gather: xp[d][n][q] = W_ih_d[q, id_n] + b_ih_d[q].
// CPU twin: Network.inputProjection (layer 0) in src/model/network.ts.
// Bindings: 0 dims uniform · 1 params read · 2 ids (N) u32 read · 3 acts read_write (xp at 0)

struct Dims { N : u32, GH : u32, V : u32, dirs : u32, w : vec2<u32>, b : vec2<u32> }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> ids : array<u32>;
@group(0) @binding(3) var<storage, read_write> acts : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let per = dims.N * dims.GH;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let n = (idx % per) / dims.GH;
  let q = idx % dims.GH;
  acts[idx] = params[dims.w[d] + q * dims.V + ids[n]] + params[dims.b[d] + q];
}
