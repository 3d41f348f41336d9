// saxpy: y[i] = a * x[i] + y[i] over vec4 lanes. Used as the adapter self-test: the page and the
// Node GPU tests run it on fresh random data and check every element before trusting the device.
// CPU twin: saxpyReference in src/backend/webgpu/selftest.ts.
// Bindings (group 0): 0 params {a, n4} uniform · 1 x (n4) vec4<f32> read · 2 y (n4) vec4<f32> read_write

struct Params {
  a : f32,
  n4 : u32,   // number of vec4 lanes
}

@group(0) @binding(0) var<uniform> params : Params;
@group(0) @binding(1) var<storage, read> x : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y : array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= params.n4) {
    return;
  }
  y[i] = params.a * x[i] + y[i];
}
