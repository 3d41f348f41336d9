// stats: the step's scalar results on the GPU, so no readback is needed to clip or update.
//   partial:  per workgroup, sum of squares and max |g| of a chunk of the flat gradient
//   finalize: one workgroup: global norm, mean loss (sum of lossRows * invCount), accuracy (sum of
//             rightRows * invCount), whether the step is finite, whether clipping applies, and
//             the norm-clip scale.
// stats = [loss, gradNorm, clipped (0/1), finite (0/1), scale, maxAbs, accuracy, 0]
// CPU twin: clipGradients in src/model/clip.ts, the finite check of Trainer.step, accuracyOf in
// src/model/loss.ts.
// Bindings: 0 dims uniform · 1 grad read · 2 partials read_write · 3 lossRows read · 4 stats read_write
//   · 5 rightRows read

// invocations per workgroup, a power of two: 256 on real GPUs, 64 on software adapters, whose
// compile and zero-initialisation of `red` grow with it (bench/NOTES.md, optimisation 12)
override WG : u32 = 256u;
const CHUNK : u32 = 4096u;

struct Dims { P : u32, numPartials : u32, N : u32, clipMode : u32, invCount : f32, clipValue : f32 }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> grad : array<f32>;
@group(0) @binding(2) var<storage, read_write> partials : array<f32>;
@group(0) @binding(3) var<storage, read> lossRows : array<f32>;
@group(0) @binding(4) var<storage, read_write> stats : array<f32>;
@group(0) @binding(5) var<storage, read> rightRows : array<f32>;

var<workgroup> red : array<vec2<f32>, WG>;

fn reduce(lid : u32) {
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = vec2<f32>(red[lid].x + red[lid + s].x, max(red[lid].y, red[lid + s].y)); }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn partial(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let start = wg.x * CHUNK;
  let end = min(start + CHUNK, dims.P);
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = start + lid; i < end; i += WG) {
    let g = grad[i];
    acc = vec2<f32>(acc.x + g * g, max(acc.y, abs(g))); // a NaN/inf g makes the sum non-finite
  }
  red[lid] = acc;
  workgroupBarrier();
  reduce(lid);
  if (lid == 0u) {
    partials[2u * wg.x] = red[0].x;
    partials[2u * wg.x + 1u] = red[0].y;
  }
}

@compute @workgroup_size(WG)
fn finalize(@builtin(local_invocation_index) lid : u32) {
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = lid; i < dims.numPartials; i += WG) {
    acc = vec2<f32>(acc.x + partials[2u * i], max(acc.y, partials[2u * i + 1u]));
  }
  var loss = 0.0;
  var right = 0.0;
  for (var n = lid; n < dims.N; n += WG) {
    loss += lossRows[n];
    right += rightRows[n];
  }
  red[lid] = acc;
  workgroupBarrier();
  reduce(lid);
  let total = red[0];
  workgroupBarrier();
  red[lid] = vec2<f32>(loss, 0.0);
  workgroupBarrier();
  reduce(lid);
  let lossSum = red[0].x;
  workgroupBarrier();
  red[lid] = vec2<f32>(right, 0.0);
  workgroupBarrier();
  reduce(lid);
  if (lid == 0u) {
    let meanLoss = lossSum * dims.invCount;
    let norm = sqrt(total.x);
    let finite = is_finite(meanLoss) && is_finite(norm) && is_finite(total.y);
    var clipped = false;
    var scale = 1.0;
    if (dims.clipMode == 1u && norm > dims.clipValue) {
      clipped = true;
      scale = dims.clipValue / (norm + 1e-6);
    }
    if (dims.clipMode == 2u && total.y > dims.clipValue) { clipped = true; }
    stats[0] = meanLoss;
    stats[1] = norm;
    stats[2] = select(0.0, 1.0, clipped);
    stats[3] = select(0.0, 1.0, finite);
    stats[4] = scale;
    stats[5] = total.y;
    stats[6] = red[0].x * dims.invCount;
  }
}
