// peephole_grad: the LSTM peepholes' gradients over all T*B positions after the BPTT loop,
//   dp_i[j] = sum dai * c_{t-1},  dp_f[j] = sum daf * c_{t-1},  dp_o[j] = sum dao * c_t.
// CPU twin: the peephole lines of src/model/cells/lstm.ts backward.
// Bindings: 0 dims uniform · 1 dacts read (dxp at 0) · 2 states read (the sections c and c0 at
//   dims.c, dims.c0: src/backend/webgpu/layout.ts NetLayout) · 3 grad read_write

struct Dims { T : u32, B : u32, H : u32, dirs : u32, peep : vec2<u32>, c : u32, c0 : u32 }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> dacts : array<f32>;
@group(0) @binding(2) var<storage, read> states : array<f32>;
@group(0) @binding(3) var<storage, read_write> grad : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let T = dims.T; let B = dims.B; let H = dims.H;
  let idx = gid.x;
  if (idx >= 3u * H * dims.dirs) { return; }
  let d = idx / (3u * H);
  let which = (idx % (3u * H)) / H; // 0 = i, 1 = f, 2 = o
  let j = idx % H;
  let gateCol = select(which, 3u, which == 2u) * H + j; // dai, daf or dao column
  var acc = 0.0;
  for (var t = 0u; t < T; t++) {
    for (var b = 0u; b < B; b++) {
      let da = dacts[((d * T + t) * B + b) * 4u * H + gateCol];
      var cv = 0.0;
      if (which == 2u) {
        cv = states[dims.c + ((d * T + t) * B + b) * H + j];
      } else {
        let first = select(t == T - 1u, t == 0u, d == 0u);
        let tp = select(t + 1u, t - 1u, d == 0u);
        cv = select(states[dims.c + ((d * T + tp) * B + b) * H + j], states[dims.c0 + (d * B + b) * H + j], first);
      }
      acc += da * cv;
    }
  }
  grad[dims.peep[d] + which * H + j] = acc;
}
