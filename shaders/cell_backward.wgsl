// cell_backward: BPTT through one time step of one layer, both directions, all B rows: gate
// gradients, dL/dc_{t-1}, the squared norms of dL/dh_t and dL/dc_t for the traces, and (unless
// SPLIT) dL/dh_{t-1} = direct terms + W_hh^T · dgates.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts backward (checked in tests/gpu/kernels.test.ts).
// Structs Dims and Step: shaders/cell_dims.wgsl; recurrent_dh: shaders/recurrent_dh.wgsl. CELL as
// in cell_forward.wgsl. Workgroup (block of R batch rows, dir); threads stride over units; phases
// separated by barriers (the workgroup owns its rows, so storage writes are visible after
// storageBarrier).
// Two forms: SPLIT (real GPUs) with R = 1, the product left to cell_backward_dh, dispatched next,
// which spreads it over many more workgroups; fused (software adapters) with R = 4 and QUAD, the
// product in this dispatch, each weight read a vec4 of 4 units feeding the block's 4 rows (one
// dispatch per step: SwiftShader pays more for an extra dispatch than it saves, bench/NOTES.md).
// Bindings (group 0): 0 dims uniform · 1 params read · 2 acts read · 3 states read
//   · 4 dacts read_write = dxp | dhp, each (dirs, T, B, G*H) · 5 dOut (T, B, H*dirs) read
//   · 6 dstep read_write = dh[2] | dc[2], each (dirs, B, H), ping-pong by parity
//   · 7 normsq read_write = |dh|^2 | |dc|^2, each (dirs, T, B) · 8 paramsT read (W_hh^T, then
//   the padded W_hh: src/backend/webgpu/transpose.ts) · (group 1) 0 step uniform {s}
// Dispatched for s = T-1 down to 0; parity in = (T-1-s) % 2.

override CELL : u32 = 2u;
override SPLIT : bool = false;
override R : u32 = 1u;   // batch rows per workgroup, at most 4 (their norms are summed as a vec4)
override WG : u32 = 64u;  // 16 on software adapters (bench/NOTES.md, optimisation 9)
override QUAD : bool = false; // the product's form (shaders/recurrent_dh.wgsl)

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> acts : array<f32>;
@group(0) @binding(3) var<storage, read> states : array<f32>;
@group(0) @binding(4) var<storage, read_write> dacts : array<f32>;
@group(0) @binding(5) var<storage, read> dOut : array<f32>;
@group(0) @binding(6) var<storage, read_write> dstep : array<f32>;
@group(0) @binding(7) var<storage, read_write> normsq : array<f32>;
@group(0) @binding(8) var<storage, read> paramsT : array<vec4<f32>>;
@group(1) @binding(0) var<uniform> step : Step;

// per invocation: column 0 the block's rows' sums of (dL/dh_t)^2, column 1 of (dL/dc_t)^2
var<workgroup> red : array<mat2x4<f32>, WG>;

struct Ctx {
  H : u32, GH : u32, SA : u32, SS : u32, S0 : u32, SD : u32,
  t : u32, b : u32, d : u32, first : bool,
  xrow : u32, srow : u32, prow : u32, cprow : u32, orow : u32, pin : u32, pout : u32,
}

fn ctx(b : u32, d : u32) -> Ctx {
  var c : Ctx;
  let B = dims.B; let T = dims.T; let H = dims.H;
  c.H = H; c.GH = dims.G * H;
  c.b = b; c.d = d;
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

/** Gate gradients of unit j of row c: dxp (and dhp for the GRU), dL/dc_{t-1}. Returns the unit's
 *  (dL/dh_t)^2 and (dL/dc_t)^2. */
fn gate_grads(c : Ctx, j : u32) -> vec2<f32> {
  let H = c.H;
  let drow = (c.d * dims.B + c.b) * H; // row in a dstep section
  var sq = vec2<f32>(0.0, 0.0);
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
  return sq;
}

/** Sums red[0 .. WG) into red[0]. */
fn reduce(lid : u32) {
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { red[lid] += red[lid + stride]; }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let b0 = wg.x * R; let d = wg.y;
  let nb = min(R, dims.B - b0);
  let H = dims.H;

  // Phase 1: gate gradients of this invocation's units, row by row; the rows' squared norms
  var sqh = vec4<f32>(0.0);
  var sqc = vec4<f32>(0.0);
  for (var r = 0u; r < nb; r++) {
    let c = ctx(b0 + r, d);
    for (var j = lid; j < H; j += WG) {
      let sq = gate_grads(c, j);
      sqh[r] += sq.x;
      sqc[r] += sq.y;
    }
  }
  red[lid] = mat2x4<f32>(sqh, sqc);
  workgroupBarrier();
  reduce(lid);
  if (lid == 0u) {
    let t = ctx(b0, d).t;
    for (var r = 0u; r < nb; r++) {
      let n = (d * dims.T + t) * dims.B + b0 + r;
      normsq[n] = red[0][0][r];
      normsq[dims.dirs * dims.T * dims.B + n] = red[0][1][r];
    }
  }
  storageBarrier();
  workgroupBarrier();
  if (SPLIT) { return; }

  // The original GRU: d(r*h_{t-1}) = W_hn^T dan, then the reset gate's gradient; its direct path
  // to h_{t-1}, dL/d(r*h) * r, waits in dstep's output for recurrent_dh to add the rest
  if (CELL == 5u) {
    for (var r = 0u; r < nb; r++) {
      let c = ctx(b0 + r, d);
      let wn = dims.wHh[d] + 2u * H * H;
      for (var k = lid; k < H; k += WG) {
        var drh = 0.0;
        for (var q = 0u; q < H; q++) { drh += dacts[c.SA + c.xrow + 2u * H + q] * params[wn + q * H + k]; }
        let rg = post(c, k);
        let dar = drh * states[c.prow + k] * rg * (1.0 - rg);
        dacts[c.xrow + k] = dar; dacts[c.SA + c.xrow + k] = dar;
        dstep[c.pout * c.SD + (d * dims.B + c.b) * H + k] = drh * rg;
      }
    }
    storageBarrier();
    workgroupBarrier();
  }

  // Phase 2: dh_{t-1} of the block's rows, WG (QUAD: 4 WG) units at a time
  for (var kb = 0u; kb < H; kb += units_per_call()) { recurrent_dh(b0, nb, d, kb, lid); }
}
