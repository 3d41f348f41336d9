// softmax_xent: for every position n at once, logits -> probabilities (in place), the cross-entropy
// -log p[target], whether the most likely symbol (the lowest id among equals) is the target, and
// dlogits = (p - onehot(target)) / count. A target of 0xffffffff does not count.
// CPU twin: decoderForward / decoderBackward's dlogits and accuracyOf in src/model/loss.ts.
// Bindings: 0 dims uniform · 1 logits (N, V) read_write · 2 targets (N) u32 read
//   · 3 dlogits (N, V) read_write · 4 lossRows (N) read_write · 5 rightRows (N) read_write

struct Dims { N : u32, V : u32, invCount : f32 }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read_write> logits : array<f32>;
@group(0) @binding(2) var<storage, read> targets : array<u32>;
@group(0) @binding(3) var<storage, read_write> dlogits : array<f32>;
@group(0) @binding(4) var<storage, read_write> lossRows : array<f32>;
@group(0) @binding(5) var<storage, read_write> rightRows : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let n = gid.x + gid.y * nwg.x * 64u;
  if (n >= dims.N) { return; }
  let V = dims.V;
  let r = n * V;
  var mx = logits[r];
  var best = 0u;
  for (var v = 1u; v < V; v++) {
    if (logits[r + v] > mx) { mx = logits[r + v]; best = v; }
  }
  var sum = 0.0;
  for (var v = 0u; v < V; v++) {
    let e = exp(logits[r + v] - mx);
    logits[r + v] = e;
    sum += e;
  }
  let inv = 1.0 / sum;
  let y = targets[n];
  for (var v = 0u; v < V; v++) {
    let p = logits[r + v] * inv;
    logits[r + v] = p;
    dlogits[r + v] = select(0.0, (p - select(0.0, 1.0, v == y)) * dims.invCount, y != 0xffffffffu);
  }
  lossRows[n] = select(0.0, -log(max(logits[r + min(y, V - 1u)], 1e-38)), y != 0xffffffffu);
  rightRows[n] = select(0.0, 1.0, best == y);
}
