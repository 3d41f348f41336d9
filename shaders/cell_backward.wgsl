// cell_backward: BPTT through one time step of one layer, both directions, all B rows: gate
// gradients, dL/dc_{t-1}, the squared norms of dL/dh_t and dL/dc_t for the traces, and (unless
// SPLIT) dL/dh_{t-1} = direct terms + W_hh^T · dgates.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts backward (checked in tests/gpu/kernels.test.ts).
// CELL, structs Dims and Step, and cell_at: shaders/cell_dims.wgsl; recurrent_dh:
// shaders/recurrent_dh.wgsl. Workgroup (block of R batch rows, dir); threads stride over units; phases
// separated by barriers (the workgroup owns its rows, so storage writes are visible after
// storageBarrier).
// Two forms: SPLIT (real GPUs) with R = 1, the product left to cell_backward_dh, dispatched next,
// which spreads it over many more workgroups; fused (software adapters) with R = 4 and QUAD, the
// product in this dispatch, each weight read a vec4 of 4 units feeding the block's 4 rows (one
// dispatch per step: SwiftShader pays more for an extra dispatch than it saves, bench/NOTES.md).
// Bindings (group 0): 0 dims uniform · 1 params read · 2 acts read · 3 states read
//   · 4 dacts read_write = dxp | dhp, each (dirs, T, B, G*H) · 5 dOut (T, B, H*dirs) read
//   · 6 dstep read_write = dh[2] | dc[2], each (dirs, B, H), ping-pong by parity (Step.dh, Step.dc)
//   · 7 normsq read_write = |dh|^2 | |dc|^2, each (dirs, T, B) · 8 paramsT read (W_hh^T, then
//   the padded W_hh: src/backend/webgpu/layout.ts RecurrentCopies) · (group 1) 0 step uniform
// Section offsets and parity come from the uniforms (src/backend/webgpu/layout.ts NetLayout).
// Dispatched for s = T-1 down to 0.

override SPLIT : bool = false;
override R : u32 = 1u;   // batch rows per workgroup, at most 4 (their norms are summed as a vec4)
override WG : u32 = 64u;  // 256 in the split form (real GPUs), 16 fused on software adapters (bench/NOTES.md)
override QUAD : bool = false; // the product's form (shaders/recurrent_dh.wgsl)
const KS : u32 = 1u;          // recurrent_dh's slices: one (each invocation sums every gate row)

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

fn dh_total(c : CellAt, j : u32) -> f32 {
  return dstep[step.dh.x + c.carry + j] + dOut[c.o + j];
}

fn post(c : CellAt, q : u32) -> f32 { return acts[dims.post + c.x + q]; }

/** Gate gradients of unit j of row c: dxp (and dhp for the GRU), dL/dc_{t-1}. Returns the unit's
 *  (dL/dh_t)^2 and (dL/dc_t)^2. */
fn gate_grads(c : CellAt, d : u32, j : u32) -> vec2<f32> {
  let H = dims.H;
  var sq = vec2<f32>(0.0, 0.0);
  let dh = dh_total(c, j);
  sq.x += dh * dh;
  if (is_rnn()) {
    let h = post(c, j);
    var da = 0.0;
    if (CELL == CELL_RNN_TANH) { da = dh * (1.0 - h * h); } else { da = select(0.0, dh, acts[dims.pre + c.x + j] > 0.0); }
    dacts[c.x + j] = da;
  } else if (is_lstm()) {
    let i = post(c, j); let f = post(c, H + j); let g = post(c, 2u * H + j); let o = post(c, 3u * H + j);
    let tc = states[dims.aux + c.h + j];
    let cp = states[c.cp + j];
    let dao = dh * tc * o * (1.0 - o);
    var dc = dstep[step.dc.x + c.carry + j] + dh * o * (1.0 - tc * tc);
    let pp = dims.peep[d];
    if (CELL == CELL_LSTM_PEEPHOLE) { dc += dao * params[pp + 2u * H + j]; }
    sq.y += dc * dc;
    let dai = dc * g * i * (1.0 - i);
    let daf = dc * cp * f * (1.0 - f);
    let dag = dc * i * (1.0 - g * g);
    var dcp = dc * f;
    if (CELL == CELL_LSTM_PEEPHOLE) { dcp += dai * params[pp + j] + daf * params[pp + H + j]; }
    dstep[step.dc.y + c.carry + j] = dcp;
    dacts[c.x + j] = dai; dacts[c.x + H + j] = daf;
    dacts[c.x + 2u * H + j] = dag; dacts[c.x + 3u * H + j] = dao;
  } else {
    let r = post(c, j); let z = post(c, H + j); let n = post(c, 2u * H + j);
    let hp = states[c.hp + j];
    let dan = dh * (1.0 - z) * (1.0 - n * n);
    let daz = dh * (hp - n) * z * (1.0 - z);
    let dhp = dims.dhp + c.x;
    dacts[c.x + H + j] = daz; dacts[dhp + H + j] = daz;
    dacts[c.x + 2u * H + j] = dan;
    if (CELL == CELL_GRU) {
      let dar = dan * states[dims.aux + c.h + j] * r * (1.0 - r); // aux = W_hn h + b_hn
      dacts[c.x + j] = dar; dacts[dhp + j] = dar;
      dacts[dhp + 2u * H + j] = dan * r;
    } else {
      dacts[dhp + 2u * H + j] = dan;
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
    let c = cell_at(d, b0 + r);
    for (var j = lid; j < H; j += WG) {
      let sq = gate_grads(c, d, j);
      sqh[r] += sq.x;
      sqc[r] += sq.y;
    }
  }
  red[lid] = mat2x4<f32>(sqh, sqc);
  workgroupBarrier();
  reduce(lid);
  if (lid == 0u) {
    for (var r = 0u; r < nb; r++) {
      let n = cell_at(d, b0 + r).n;
      normsq[n] = red[0][0][r];
      normsq[dims.normDc + n] = red[0][1][r];
    }
  }
  storageBarrier();
  workgroupBarrier();
  if (SPLIT) { return; }

  // The original GRU: d(r*h_{t-1}) = W_hn^T dan, then the reset gate's gradient; its direct path
  // to h_{t-1}, dL/d(r*h) * r, waits in dstep's output for recurrent_dh to add the rest
  if (CELL == CELL_GRU_ORIGINAL) {
    for (var r = 0u; r < nb; r++) {
      let c = cell_at(d, b0 + r);
      let wn = dims.wHh[d] + 2u * H * H; // W_hn: W_hh's rows 2H .. 3H
      let dhp = dims.dhp + c.x;
      for (var k = lid; k < H; k += WG) {
        var drh = 0.0;
        for (var q = 0u; q < H; q++) { drh += dacts[dhp + 2u * H + q] * params[wn + q * H + k]; }
        let rg = post(c, k);
        let dar = drh * states[c.hp + k] * rg * (1.0 - rg);
        dacts[c.x + k] = dar; dacts[dhp + k] = dar;
        dstep[step.dh.y + c.carry + k] = drh * rg;
      }
    }
    storageBarrier();
    workgroupBarrier();
  }

  // Phase 2: dh_{t-1} of the block's rows, WG (QUAD: 4 WG) units at a time
  for (var kb = 0u; kb < H; kb += units_per_call()) { recurrent_dh(b0, nb, d, kb, lid); }
}
