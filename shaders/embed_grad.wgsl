// embed_grad: layer 0's input-weight gradient for one-hot input, without atomics:
//   dW_ih_d[q, v] = sum over positions n whose input is v of dxp_d[n, q];  db_ih_d[q] = sum_n dxp_d[n, q]
// The CPU groups positions by symbol each step (groups = starts[V+1] then positions[N]).
// CPU twin: Network.inputBackward (layer 0) in src/model/network.ts.
// Bindings: 0 dims uniform · 1 dacts read (dxp at 0) · 2 groups u32 read · 3 grad read_write

struct Dims { N : u32, GH : u32, V : u32, dirs : u32, w : vec2<u32>, b : vec2<u32> }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> dacts : array<f32>;
@group(0) @binding(2) var<storage, read> groups : array<u32>;
@group(0) @binding(3) var<storage, read_write> grad : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let cols = dims.V + 1u;
  let per = dims.GH * cols;
  if (idx >= per * dims.dirs) { return; }
  let d = idx / per;
  let q = (idx % per) / cols;
  let v = idx % cols;
  let base = d * dims.N * dims.GH + q;
  var acc = 0.0;
  if (v == dims.V) {
    for (var n = 0u; n < dims.N; n++) { acc += dacts[base + n * dims.GH]; }
    grad[dims.b[d] + q] = acc;
  } else {
    for (var i = groups[v]; i < groups[v + 1u]; i++) {
      acc += dacts[base + groups[dims.V + 1u + i] * dims.GH];
    }
    grad[dims.w[d] + q * dims.V + v] = acc;
  }
}
