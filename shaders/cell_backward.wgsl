// cell_backward: BPTT through one time step of one layer, both directions, all B rows, in one
// dispatch: gate gradients, dL/dc_{t-1}, dL/dh_{t-1} = direct terms + W_hh^T · dgates, and the
// squared norms of dL/dh_t and dL/dc_t for the traces.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts backward (checked in tests/gpu/kernels.test.ts).
// Structs Dims and Step: shaders/cell_dims.wgsl. CELL as in cell_forward.wgsl. Workgroup (b, dir); threads stride over units; phases separated
// by barriers (the workgroup owns its row, so storage writes are visible after storageBarrier).
// Bindings (group 0): 0 dims uniform · 1 params read · 2 acts read · 3 states read
//   · 4 dacts read_write = dxp | dhp, each (dirs, T, B, G*H) · 5 dOut (T, B, H*dirs) read
//   · 6 dstep read_write = dh[2] | dc[2], each (dirs, B, H), ping-pong by parity
//   · 7 normsq read_write = |dh|^2 | |dc|^2, each (dirs, T, B) · (group 1) 0 step uniform {s}
// Dispatched for s = T-1 down to 0; parity in = (T-1-s) % 2. With SPLIT the product W_hh^T ·
// dgates is left to cell_backward_dh, dispatched next, which spreads it over many more workgroups.

override CELL : u32 = 2u;
override SPLIT : bool = false;
const WG : u32 = 64u;
const MAX_H : u32 = 1024u;

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> acts : array<f32>;
@group(0) @binding(3) var<storage, read> states : array<f32>;
@group(0) @binding(4) var<storage, read_write> dacts : array<f32>;
@group(0) @binding(5) var<storage, read> dOut : array<f32>;
@group(0) @binding(6) var<storage, read_write> dstep : array<f32>;
@group(0) @binding(7) var<storage, read_write> normsq : array<f32>;
@group(1) @binding(0) var<uniform> step : Step;

var<workgroup> rterm : array<f32, MAX_H>; // GRU original: dL/d(r*h) * r, the direct path to h_{t-1}
var<workgroup> red : array<vec2<f32>, WG>;

struct Ctx {
  H : u32, GH : u32, SA : u32, SS : u32, S0 : u32, SD : u32,
  t : u32, b : u32, d : u32, first : bool,
  xrow : u32, srow : u32, prow : u32, cprow : u32, orow : u32, pin : u32, pout : u32,
}

fn ctx(wg : vec3<u32>) -> Ctx {
  var c : Ctx;
  let B = dims.B; let T = dims.T; let H = dims.H;
  c.H = H; c.GH = dims.G * H;
  c.b = wg.x; c.d = wg.y;
  let s = step.s;
  c.t = select(T - 1u - s, s, c.d == 0u);
  c.first = s == 0u;
  let tp = select(c.t + 1u, c.t - 1u, c.d == 0u);
  c.SA = dims.dirs * T * B * c.GH;
  c.SS = dims.dirs * T * B * H;
  c.S0 = dims.dirs * B * H;
  c.SD = dims.dirs * B * H;
  c.xrow = ((c.d * T + c.t) * B + c.b) * c.GH;
  c.srow = ((c.d * T + c.t) * B + c.b) * H;
  c.prow = select(((c.d * T + tp) * B + c.b) * H, 3u * c.SS + (c.d * B + c.b) * H, c.first);
  c.cprow = select(c.SS + ((c.d * T + tp) * B + c.b) * H, 3u * c.SS + c.S0 + (c.d * B + c.b) * H, c.first);
  c.orow = (c.t * B + c.b) * dims.dirs * H + c.d * H;
  c.pin = (T - 1u - s) % 2u;
  c.pout = 1u - c.pin;
  return c;
}

fn dh_total(c : Ctx, j : u32) -> f32 {
  return dstep[c.pin * c.SD + (c.d * dims.B + c.b) * c.H + j] + dOut[c.orow + j];
}

fn post(c : Ctx, q : u32) -> f32 { return acts[2u * c.SA + c.xrow + q]; }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let c = ctx(wg);
  let H = c.H;
  let GH = c.GH;
  let drow = (c.d * dims.B + c.b) * H; // row in a dstep section
  let wHh = dims.wHh[c.d];
  var sq = vec2<f32>(0.0, 0.0);

  // Phase 1: gate gradients for this thread's units
  for (var j = lid; j < H; j += WG) {
    let dh = dh_total(c, j);
    sq.x += dh * dh;
    if (CELL <= 1u) {
      let h = post(c, j);
      var da = 0.0;
      if (CELL == 0u) { da = dh * (1.0 - h * h); } else { da = select(0.0, dh, acts[c.SA + c.xrow + j] > 0.0); }
      dacts[c.xrow + j] = da;
    } else if (CELL <= 3u) {
      let i = post(c, j); let f = post(c, H + j); let g = post(c, 2u * H + j); let o = post(c, 3u * H + j);
      let tc = states[2u * c.SS + c.srow + j];
      let cp = states[c.cprow + j];
      let dao = dh * tc * o * (1.0 - o);
      var dc = dstep[2u * c.SD + c.pin * c.SD + drow + j] + dh * o * (1.0 - tc * tc);
      let pp = dims.peep[c.d];
      if (CELL == 3u) { dc += dao * params[pp + 2u * H + j]; }
      sq.y += dc * dc;
      let dai = dc * g * i * (1.0 - i);
      let daf = dc * cp * f * (1.0 - f);
      let dag = dc * i * (1.0 - g * g);
      var dcp = dc * f;
      if (CELL == 3u) { dcp += dai * params[pp + j] + daf * params[pp + H + j]; }
      dstep[2u * c.SD + c.pout * c.SD + drow + j] = dcp;
      dacts[c.xrow + j] = dai; dacts[c.xrow + H + j] = daf;
      dacts[c.xrow + 2u * H + j] = dag; dacts[c.xrow + 3u * H + j] = dao;
    } else {
      let r = post(c, j); let z = post(c, H + j); let n = post(c, 2u * H + j);
      let hp = states[c.prow + j];
      let dan = dh * (1.0 - z) * (1.0 - n * n);
      let daz = dh * (hp - n) * z * (1.0 - z);
      dacts[c.xrow + H + j] = daz; dacts[c.SA + c.xrow + H + j] = daz;
      dacts[c.xrow + 2u * H + j] = dan;
      if (CELL == 4u) {
        let dar = dan * states[2u * c.SS + c.srow + j] * r * (1.0 - r); // aux = W_hn h + b_hn
        dacts[c.xrow + j] = dar; dacts[c.SA + c.xrow + j] = dar;
        dacts[c.SA + c.xrow + 2u * H + j] = dan * r;
      } else {
        dacts[c.SA + c.xrow + 2u * H + j] = dan;
      }
    }
  }
  red[lid] = sq;
  storageBarrier();
  workgroupBarrier();

  // GRU original: d(r*h_{t-1}) = W_hn^T dan, then the reset gate's gradient
  if (CELL == 5u) {
    let wn = wHh + 2u * H * H;
    for (var k = lid; k < H; k += WG) {
      var drh = 0.0;
      for (var q = 0u; q < H; q++) { drh += dacts[c.SA + c.xrow + 2u * H + q] * params[wn + q * H + k]; }
      let r = post(c, k);
      let dar = drh * states[c.prow + k] * r * (1.0 - r);
      dacts[c.xrow + k] = dar; dacts[c.SA + c.xrow + k] = dar;
      rterm[k] = drh * r;
    }
    storageBarrier();
    workgroupBarrier();
  }

  // Phase 2: dh_{t-1} = direct terms + W_hh^T · (recurrent-side gate gradients)
  if (!SPLIT) {
    let rows = select(GH, 2u * H, CELL == 5u);           // GRU original: W_hn was handled above
    let A = select(0u, c.SA, CELL >= 4u) + c.xrow;       // GRU: dhp; RNN/LSTM: dxp
    for (var k = lid; k < H; k += WG) {
      var acc = 0.0;
      if (CELL >= 4u) { acc = dh_total(c, k) * post(c, H + k); } // dh * z
      if (CELL == 5u) { acc += rterm[k]; }
      for (var q = 0u; q < rows; q++) { acc += dacts[A + q] * params[wHh + q * H + k]; }
      dstep[c.pout * c.SD + drow + k] = acc;
    }
  }

  // Squared norms of dL/dh_t and dL/dc_t for this row
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { red[lid] += red[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let n = (c.d * dims.T + c.t) * dims.B + c.b;
    normsq[n] = red[0].x;
    normsq[dims.dirs * dims.T * dims.B + n] = red[0].y;
  }
}
