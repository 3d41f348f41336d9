// classifier_final: the many-to-one head's link to the top layer's output (N = T*B rows of D = H*dirs).
//   gather:  final (B, D) = for each direction d, the top layer's h at its last processed step —
//            the forward direction's t = T-1, the backward direction's t = 0 — side by side.
//   scatter: dOut (N, D) = dFinal at exactly those positions, 0 everywhere else (overwrites all).
// CPU twin: Network.gatherFinal / scatterFinal in src/model/network.ts.
// Bindings: 0 dims uniform · 1 src read · 2 dst read_write
//   gather: src = out (N, D), dst = final (B, D) · scatter: src = dFinal (B, D), dst = dOut (N, D)

struct Dims { T : u32, B : u32, H : u32, dirs : u32 }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> src : array<f32>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;

/** The position t whose h direction d hands to the classifier. */
fn last_t(d : u32) -> u32 { return select(0u, dims.T - 1u, d == 0u); }

@compute @workgroup_size(64)
fn gather(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let D = dims.H * dims.dirs;
  if (idx >= dims.B * D) { return; }
  let b = idx / D;
  let col = idx % D;
  dst[idx] = src[(last_t(col / dims.H) * dims.B + b) * D + col];
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let D = dims.H * dims.dirs;
  if (idx >= dims.T * dims.B * D) { return; }
  let row = idx / D; // t * B + b
  let col = idx % D;
  let t = row / dims.B;
  let b = row % dims.B;
  dst[idx] = select(0.0, src[b * D + col], t == last_t(col / dims.H));
}
