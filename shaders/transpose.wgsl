// transpose: writes W_hh^T of every (layer, direction) into paramsT, so the forward cell kernel's
// adjacent lanes (adjacent gate rows) read adjacent weights, and after it W_hh with its rows
// padded to Hp (the backward product's vec4 loads). Run at init and after setParams; the
// optimizer keeps paramsT current during training (same blocks, same formula).
// CPU twin: the plain transpose W^T[k, q] = W[q, k] and the copy (checked through the cell
// kernels' twin tests).
// Struct Blocks, transposed_index and padded_index: shaders/blocks.wgsl.
// Bindings: 0 blocks uniform · 1 params read · 2 paramsT read_write

@group(0) @binding(0) var<uniform> blocks : Blocks;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read_write> paramsT : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  var i = gid.x + gid.y * nwg.x * 64u; // element index over all blocks in order
  for (var n = 0u; n < blocks.count; n++) {
    let b = blocks.b[n];
    let size = blocks.rows * blocks.cols;
    if (i < size) {
      let w = params[b.x + i];
      paramsT[transposed_index(b, i)] = w;
      paramsT[padded_index(b, i)] = w;
      return;
    }
    i -= size;
  }
}
