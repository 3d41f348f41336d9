// cell_forward: one time step of one layer, both directions, for all B rows — fused recurrent
// matmul (all gates) + input projection + biases + activations + state update.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts forward (checked in tests/gpu/kernels.test.ts).
// CELL is 0 = RNN tanh, 1 = RNN relu, 2 = LSTM, 3 = LSTM + peepholes, 4 = GRU pytorch, 5 = GRU original
// (an override constant). Workgroup (b, dir); threads stride over the H units of that row.
// Bindings (group 0): 0 dims uniform · 1 params (P) read · 2 acts read_write · 3 states read_write
//   · 4 out (T,B,H*dirs) read_write · (group 1) 0 step uniform {s} with a dynamic offset
// acts   = xp | pre | post, each (dirs, T, B, G*H)
// states = h | c | aux, each (dirs, T, B, H), then h0 | c0, each (dirs, B, H)

override CELL : u32 = 2u;
const WG : u32 = 64u;
const MAX_H : u32 = 1024u;

struct Dims {
  B : u32, T : u32, H : u32, G : u32,
  dirs : u32, _p0 : u32, _p1 : u32, _p2 : u32,
  wHh : vec2<u32>, bHh : vec2<u32>, peep : vec2<u32>, _p3 : vec2<u32>,
}
struct Step { s : u32 }

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read_write> acts : array<f32>;
@group(0) @binding(3) var<storage, read_write> states : array<f32>;
@group(0) @binding(4) var<storage, read_write> out : array<f32>;
@group(1) @binding(0) var<uniform> step : Step;

var<workgroup> hrow : array<f32, MAX_H>; // h_{t-1} of this row
var<workgroup> rh : array<f32, MAX_H>;   // GRU original: r * h_{t-1}

fn dot_row(w : u32, H : u32, src : u32) -> f32 {
  // w: offset of a W_hh row in params; src 0 = hrow, 1 = rh
  var acc = 0.0;
  if (src == 0u) {
    for (var k = 0u; k < H; k++) { acc += params[w + k] * hrow[k]; }
  } else {
    for (var k = 0u; k < H; k++) { acc += params[w + k] * rh[k]; }
  }
  return acc;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let B = dims.B; let T = dims.T; let H = dims.H; let G = dims.G;
  let b = wg.x; let d = wg.y;
  let s = step.s;
  let t = select(T - 1u - s, s, d == 0u);
  let first = s == 0u;
  let tp = select(t + 1u, t - 1u, d == 0u); // previous position in processing order
  let SA = dims.dirs * T * B * G * H;       // size of one acts section
  let SS = dims.dirs * T * B * H;           // size of one states section
  let S0 = dims.dirs * B * H;
  let GH = G * H;
  let xrow = ((d * T + t) * B + b) * GH;    // row of xp / pre / post
  let srow = ((d * T + t) * B + b) * H;     // row of h / c / aux
  let prow = select(((d * T + tp) * B + b) * H, 3u * SS + (d * B + b) * H, first);             // h_{t-1}
  let cprow = select(SS + ((d * T + tp) * B + b) * H, 3u * SS + S0 + (d * B + b) * H, first);  // c_{t-1}
  let wHh = dims.wHh[d];
  let bHh = dims.bHh[d];

  for (var j = lid; j < H; j += WG) { hrow[j] = states[prow + j]; }
  workgroupBarrier();

  if (CELL <= 1u) {
    for (var j = lid; j < H; j += WG) {
      let a = acts[xrow + j] + dot_row(wHh + j * H, H, 0u) + params[bHh + j];
      var h = 0.0;
      if (CELL == 0u) { h = tanh_safe(a); } else { h = max(a, 0.0); }
      acts[SA + xrow + j] = a;
      acts[2u * SA + xrow + j] = h;
      states[srow + j] = h;
      out[(t * B + b) * dims.dirs * H + d * H + j] = h;
    }
  } else if (CELL <= 3u) {
    let pp = dims.peep[d];
    for (var j = lid; j < H; j += WG) {
      let cp = states[cprow + j];
      var ai = acts[xrow + j] + dot_row(wHh + j * H, H, 0u) + params[bHh + j];
      var af = acts[xrow + H + j] + dot_row(wHh + (H + j) * H, H, 0u) + params[bHh + H + j];
      let ag = acts[xrow + 2u * H + j] + dot_row(wHh + (2u * H + j) * H, H, 0u) + params[bHh + 2u * H + j];
      var ao = acts[xrow + 3u * H + j] + dot_row(wHh + (3u * H + j) * H, H, 0u) + params[bHh + 3u * H + j];
      if (CELL == 3u) {
        ai += params[pp + j] * cp;
        af += params[pp + H + j] * cp;
      }
      let i = sigmoid(ai);
      let f = sigmoid(af);
      let g = tanh_safe(ag);
      let c = f * cp + i * g;
      if (CELL == 3u) { ao += params[pp + 2u * H + j] * c; }
      let o = sigmoid(ao);
      let tc = tanh_safe(c);
      let h = o * tc;
      acts[SA + xrow + j] = ai; acts[SA + xrow + H + j] = af;
      acts[SA + xrow + 2u * H + j] = ag; acts[SA + xrow + 3u * H + j] = ao;
      acts[2u * SA + xrow + j] = i; acts[2u * SA + xrow + H + j] = f;
      acts[2u * SA + xrow + 2u * H + j] = g; acts[2u * SA + xrow + 3u * H + j] = o;
      states[srow + j] = h;
      states[SS + srow + j] = c;
      states[2u * SS + srow + j] = tc;
      out[(t * B + b) * dims.dirs * H + d * H + j] = h;
    }
  } else {
    // GRU: r and z first (both variants)
    for (var j = lid; j < H; j += WG) {
      let ar = acts[xrow + j] + dot_row(wHh + j * H, H, 0u) + params[bHh + j];
      let az = acts[xrow + H + j] + dot_row(wHh + (H + j) * H, H, 0u) + params[bHh + H + j];
      let r = sigmoid(ar);
      acts[SA + xrow + j] = ar; acts[SA + xrow + H + j] = az;
      acts[2u * SA + xrow + j] = r; acts[2u * SA + xrow + H + j] = sigmoid(az);
      rh[j] = r * hrow[j];
    }
    workgroupBarrier();
    for (var j = lid; j < H; j += WG) {
      let r = acts[2u * SA + xrow + j];
      let z = acts[2u * SA + xrow + H + j];
      var an = 0.0;
      if (CELL == 4u) {
        let hn = dot_row(wHh + (2u * H + j) * H, H, 0u) + params[bHh + 2u * H + j];
        states[2u * SS + srow + j] = hn;
        an = acts[xrow + 2u * H + j] + r * hn;
      } else {
        states[2u * SS + srow + j] = rh[j];
        an = acts[xrow + 2u * H + j] + dot_row(wHh + (2u * H + j) * H, H, 1u) + params[bHh + 2u * H + j];
      }
      let n = tanh_safe(an);
      let h = (1.0 - z) * n + z * hrow[j];
      acts[SA + xrow + 2u * H + j] = an;
      acts[2u * SA + xrow + 2u * H + j] = n;
      states[srow + j] = h;
      out[(t * B + b) * dims.dirs * H + d * H + j] = h;
    }
  }
}
