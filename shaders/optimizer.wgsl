// optimizer: clip (norm scale or value clamp) then update every parameter: SGD, Adam or RMSprop
// with PyTorch's rules. A step whose stats say "not finite" changes nothing.
// CPU twin: clipGradients (src/model/clip.ts) + optimizerStep (src/model/optim.ts).
// It also rewrites W_hh^T and the padded W_hh (paramsT; Blocks, transposed_index and padded_index
// in shaders/blocks.wgsl) for every updated recurrent weight (see transpose.wgsl).
// Bindings: 0 hyper uniform · 1 params read_write · 2 grad read_write · 3 m read_write
//   · 4 v read_write · 5 stats read · 6 blocks uniform · 7 paramsT read_write

struct Hyper {
  P : u32, kind : u32, clipMode : u32,   // kind 0 = sgd, 1 = adam, 2 = rmsprop
  lr : f32, clipValue : f32, beta1 : f32, beta2 : f32,
  eps : f32, stepSize : f32, sqrtBc2 : f32, alpha : f32,
}

@group(0) @binding(0) var<uniform> hp : Hyper;
@group(0) @binding(1) var<storage, read_write> params : array<f32>;
@group(0) @binding(2) var<storage, read_write> grad : array<f32>;
@group(0) @binding(3) var<storage, read_write> m : array<f32>;
@group(0) @binding(4) var<storage, read_write> v : array<f32>;
@group(0) @binding(5) var<storage, read> stats : array<f32>;

@group(0) @binding(6) var<uniform> blocks : Blocks;
@group(0) @binding(7) var<storage, read_write> paramsT : array<f32>;

fn set_param(i : u32, value : f32) {
  params[i] = value;
  for (var n = 0u; n < blocks.count; n++) {
    let b = blocks.b[n];
    if (i >= b.x && i < b.x + blocks.rows * blocks.cols) {
      paramsT[transposed_index(b, i - b.x)] = value;
      paramsT[padded_index(b, i - b.x)] = value;
    }
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= hp.P || stats[3] == 0.0) { return; }
  var g = grad[i];
  if (hp.clipMode == 1u) { g *= stats[4]; }
  if (hp.clipMode == 2u) { g = clamp(g, -hp.clipValue, hp.clipValue); }
  grad[i] = g;
  if (hp.kind == 0u) {
    set_param(i, params[i] - hp.lr * g);
  } else if (hp.kind == 1u) {
    let mi = hp.beta1 * m[i] + (1.0 - hp.beta1) * g;
    let vi = hp.beta2 * v[i] + (1.0 - hp.beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    set_param(i, params[i] - hp.stepSize * mi / (sqrt(vi) / hp.sqrtBc2 + hp.eps));
  } else {
    let vi = hp.alpha * v[i] + (1.0 - hp.alpha) * g * g;
    v[i] = vi;
    set_param(i, params[i] - hp.lr * g / (sqrt(vi) + hp.eps));
  }
}
