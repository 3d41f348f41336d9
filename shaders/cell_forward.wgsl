// cell_forward: one time step of one layer, both directions, for all B rows — fused recurrent
// matmul (all gates) + input projection + biases + activations + state update.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts forward (checked in tests/gpu/kernels.test.ts).
// CELL (the form, one of the registry's CELL_<NAME> constants), structs Dims and Step, and
// cell_at (where this step's rows lie): shaders/cell_dims.wgsl.
// Workgroup (block of R = 4 batch rows, dir, tile of units). h_{t-1} of the block (all H units)
// sits in workgroup memory as one vec4 per unit, so every weight read feeds 4 multiply-adds.
// Phase 1, the recurrent product, writes W_hh h_{t-1} + b_hh of each gate row into `pre`; phase 2
// (the same invocation, the same units) adds the input projection and applies the cell. The
// product has three forms (the KS and QUAD overrides):
//   sliced (real GPUs, KS > 1): the grid's z splits the units into tiles of TU; an invocation per
//     (gate row of the tile, slice of k), KS slices, so WG = G*TU*KS invocations each run a loop of
//     H/KS (4 independent loads in flight), and the slices' sums meet in workgroup memory. Short
//     serial loops over many invocations: on a real GPU a loop iteration waits for a load;
//   scalar (the original GRU on real GPUs, whose n gate needs r * h_{t-1} of every unit: one
//     tile): an invocation per unit and one weight per k;
//   QUAD (software adapters, one tile): an invocation per 4 adjacent units of a gate, one aligned
//     vec4 weight load per k feeding 16 multiply-adds (4 units x 4 rows): 2.7-3.3x the scalar
//     loop on SwiftShader (bench/NOTES.md).
// The recurrent weights come from paramsT = W_hh^T per (layer, direction), (H, G*Hp): gate g's
// unit j is column g*Hp + j, Hp = H rounded up to a multiple of 4 (the columns between stay zero),
// so adjacent invocations read adjacent weights (transpose.wgsl; the optimizer keeps it current).
// Bindings (group 0): 0 dims uniform · 1 params (P) read · 2 acts read_write · 3 states read_write
//   · 4 out (T,B,H*dirs) read_write · 5 paramsT read · (group 1) 0 step uniform {s}
// Sections (offsets in dims: src/backend/webgpu/layout.ts NetLayout):
// acts   = xp | pre | post, each (dirs, T, B, G*H)
// states = h | c | aux, each (dirs, T, B, H), then h0 | c0, each (dirs, B, H)

override QUAD : bool = false;
override WG : u32 = 64u;
override KS : u32 = 1u;   // slices of k (the sliced form when > 1; then WG = G*TU*KS)
override TU : u32 = 16u;  // units per tile in the sliced form
override HROW : u32 = 1024u; // hrow's entries: at least H and WG (Kernels.workgroupEntries)
const R : u32 = 4u;

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read_write> acts : array<f32>;
@group(0) @binding(3) var<storage, read_write> states : array<f32>;
@group(0) @binding(4) var<storage, read_write> out : array<f32>;
@group(0) @binding(5) var<storage, read> paramsT : array<vec4<f32>>;
@group(1) @binding(0) var<uniform> step : Step;

// h_{t-1}[k] of the block's 4 rows (16 KB at H = 1024); the original GRU overwrites it with
// r*h_{t-1}; the sliced form sums its slices in it (WG entries). Sized to the model: SwiftShader's
// compile time grows with workgroup memory (1.3 s for 16 KB; bench/NOTES.md)
var<workgroup> hrow : array<vec4<f32>, HROW>;

// This invocation's block, set once by main().
var<private> lid : u32;
var<private> H : u32;
var<private> GH : u32;
var<private> Hp : u32;
var<private> j0 : u32;   // its tile's units: j0 <= j < j1
var<private> j1 : u32;
var<private> nb : u32;   // rows of the block (< R in the last block)
var<private> PRE : u32;  // the acts sections pre and post (xp at 0)
var<private> POST : u32;
var<private> C : u32;    // the states sections c and aux (h at 0)
var<private> AUX : u32;
var<private> x0 : u32;   // row r of xp / pre / post: x0 + r*GH
var<private> s0 : u32;   // row r of h / c / aux: s0 + r*H
var<private> p0 : u32;   // row r of h_{t-1}: p0 + r*H
var<private> c0 : u32;   // row r of c_{t-1}: c0 + r*H
var<private> o0 : u32;   // row r of out: o0 + r*od
var<private> od : u32;
var<private> wT : u32;   // W_hh^T of this direction, in floats (a multiple of 4)
var<private> bHh : u32;
var<private> pp : u32;   // peepholes

/** The n-th unit of this invocation, or H past its last: its tile's units (scalar), or the
 *  units of its quads (QUAD). */
fn unit(n : u32) -> u32 {
  var j = j0 + lid + n * WG;
  if (QUAD) { j = 4u * (lid + (n / 4u) * WG) + n % 4u; }
  return select(H, j, j < j1);
}

/** Column q of W_hh^T times hrow, for the 4 rows (scalar form). */
fn dot_column(q : u32) -> vec4<f32> {
  var acc = vec4<f32>(0.0);
  var i = wT + q;
  for (var k = 0u; k < H; k++) {
    acc += paramsT[i >> 2u][i & 3u] * hrow[k];
    i += Hp * dims.G;
  }
  return acc;
}

/** Columns q4*4 .. q4*4+3 of W_hh^T times hrow (QUAD form): column r of the result is row r's
 *  4 units. Unrolled by 4 over k. */
fn dot_quad(q4 : u32) -> mat4x4<f32> {
  let stride = Hp * dims.G / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var i = wT / 4u + q4;
  var k = 0u;
  for (; k + 4u <= H; k += 4u) {
    let w0 = paramsT[i]; let w1 = paramsT[i + stride]; let w2 = paramsT[i + 2u * stride]; let w3 = paramsT[i + 3u * stride];
    let h0 = hrow[k]; let h1 = hrow[k + 1u]; let h2 = hrow[k + 2u]; let h3 = hrow[k + 3u];
    a0 += w0 * h0.x + w1 * h1.x + w2 * h2.x + w3 * h3.x;
    a1 += w0 * h0.y + w1 * h1.y + w2 * h2.y + w3 * h3.y;
    a2 += w0 * h0.z + w1 * h1.z + w2 * h2.z + w3 * h3.z;
    a3 += w0 * h0.w + w1 * h1.w + w2 * h2.w + w3 * h3.w;
    i += 4u * stride;
  }
  for (; k < H; k++) {
    let w = paramsT[i]; let h = hrow[k];
    a0 += w * h.x; a1 += w * h.y; a2 += w * h.z; a3 += w * h.w;
    i += stride;
  }
  return mat4x4<f32>(a0, a1, a2, a3);
}

/** Column q of W_hh^T times hrow over k0 <= k < k1, 4 weights loaded before they are used. */
fn dot_slice(q : u32, k0 : u32, k1 : u32) -> vec4<f32> {
  let stride = Hp * dims.G;
  var a = vec4<f32>(0.0);
  var b = vec4<f32>(0.0);
  var i = wT + k0 * stride + q;
  var k = k0;
  for (; k + 4u <= k1; k += 4u) {
    let w0 = paramsT[i >> 2u][i & 3u]; let i1 = i + stride;
    let w1 = paramsT[i1 >> 2u][i1 & 3u]; let i2 = i1 + stride;
    let w2 = paramsT[i2 >> 2u][i2 & 3u]; let i3 = i2 + stride;
    let w3 = paramsT[i3 >> 2u][i3 & 3u];
    a += w0 * hrow[k] + w1 * hrow[k + 1u];
    b += w2 * hrow[k + 2u] + w3 * hrow[k + 3u];
    i = i3 + stride;
  }
  for (; k < k1; k++) { a += paramsT[i >> 2u][i & 3u] * hrow[k]; i += stride; }
  return a + b;
}

/** Phase 1 of the sliced form, every gate of the tile: the invocation's slice of one gate row's
 *  sum, the slices added in workgroup memory (hrow, once every slice has read it), then
 *  pre = W_hh h_{t-1} + b_hh written by the first slice; a storage barrier before phase 2 reads it. */
fn product_sliced(G : u32) {
  let cols = G * TU;
  let c = lid % cols;
  let g = c / TU;
  let j = j0 + c % TU;
  let per = (H + KS - 1u) / KS;
  let k0 = min(H, (lid / cols) * per);
  var acc = vec4<f32>(0.0);
  if (j < j1) { acc = dot_slice(g * Hp + j, k0, min(H, k0 + per)); }
  workgroupBarrier(); // every slice has read hrow
  hrow[lid] = acc;
  workgroupBarrier();
  if (lid < cols && j < j1) {
    for (var s = 1u; s < KS; s++) { acc += hrow[s * cols + lid]; }
    let bias = params[bHh + g * H + j];
    for (var r = 0u; r < nb; r++) { acts[PRE + x0 + r * GH + g * H + j] = acc[r] + bias; }
  }
  storageBarrier();
}

/** Phase 1 for gates g0 <= g < g1: pre[r][g*H + j] = (W_hh h_{t-1})[g*H + j] + b_hh for this
 *  invocation's units. */
fn product(g0 : u32, g1 : u32) {
  if (KS > 1u) {
    product_sliced(g1 - g0);
  } else if (QUAD) {
    for (var q = lid; 4u * q < H; q += WG) {
      for (var g = g0; g < g1; g++) {
        let m = dot_quad((g * Hp) / 4u + q);
        for (var u = 0u; u < 4u && 4u * q + u < H; u++) {
          let j = g * H + 4u * q + u;
          let bias = params[bHh + j];
          for (var r = 0u; r < nb; r++) { acts[PRE + x0 + r * GH + j] = m[r][u] + bias; }
        }
      }
    }
  } else {
    for (var n = 0u; unit(n) < H; n++) {
      let j = unit(n);
      for (var g = g0; g < g1; g++) {
        let v = dot_column(g * Hp + j) + params[bHh + g * H + j];
        for (var r = 0u; r < nb; r++) { acts[PRE + x0 + r * GH + g * H + j] = v[r]; }
      }
    }
  }
}

/** Gate pre-activation of row r, gate g, unit j: the input projection plus phase 1's sum. */
fn pre_act(r : u32, g : u32, j : u32) -> f32 {
  let q = x0 + r * GH + g * H + j;
  return acts[q] + acts[PRE + q];
}

fn set_gate(r : u32, g : u32, j : u32, pre : f32, post : f32) {
  let q = x0 + r * GH + g * H + j;
  acts[PRE + q] = pre;
  acts[POST + q] = post;
}

fn set_h(r : u32, j : u32, h : f32) {
  states[s0 + r * H + j] = h;
  out[o0 + r * od + j] = h;
}

fn rnn(j : u32) {
  for (var r = 0u; r < nb; r++) {
    let a = pre_act(r, 0u, j);
    var h = 0.0;
    if (CELL == CELL_RNN_TANH) { h = tanh_safe(a); } else { h = max(a, 0.0); }
    set_gate(r, 0u, j, a, h);
    set_h(r, j, h);
  }
}

fn lstm(j : u32) {
  for (var r = 0u; r < nb; r++) {
    let cp = states[c0 + r * H + j];
    var ai = pre_act(r, 0u, j);
    var af = pre_act(r, 1u, j);
    let ag = pre_act(r, 2u, j);
    var ao = pre_act(r, 3u, j);
    if (CELL == CELL_LSTM_PEEPHOLE) {
      ai += params[pp + j] * cp;
      af += params[pp + H + j] * cp;
    }
    let i = sigmoid(ai);
    let f = sigmoid(af);
    let g = tanh_safe(ag);
    let c = f * cp + i * g;
    if (CELL == CELL_LSTM_PEEPHOLE) { ao += params[pp + 2u * H + j] * c; }
    let o = sigmoid(ao);
    let tc = tanh_safe(c);
    set_gate(r, 0u, j, ai, i);
    set_gate(r, 1u, j, af, f);
    set_gate(r, 2u, j, ag, g);
    set_gate(r, 3u, j, ao, o);
    states[C + s0 + r * H + j] = c;
    states[AUX + s0 + r * H + j] = tc;
    set_h(r, j, o * tc);
  }
}

/** GRU r and z; the original variant also keeps r * h_{t-1} (aux), its n gate's recurrent input. */
fn gru_rz(j : u32) {
  for (var r = 0u; r < nb; r++) {
    let ar = pre_act(r, 0u, j);
    let az = pre_act(r, 1u, j);
    let rg = sigmoid(ar);
    set_gate(r, 0u, j, ar, rg);
    set_gate(r, 1u, j, az, sigmoid(az));
    if (CELL == CELL_GRU_ORIGINAL) { states[AUX + s0 + r * H + j] = rg * states[p0 + r * H + j]; }
  }
}

/** GRU n and h, once phase 1 has W_hn h + b_hn (pytorch) or W_hn (r * h) + b_hn (original). */
fn gru_n(j : u32) {
  for (var r = 0u; r < nb; r++) {
    let q = x0 + r * GH + 2u * H + j;
    let rec = acts[PRE + q];
    let rg = acts[POST + q - 2u * H];
    let z = acts[POST + q - H];
    var an = 0.0;
    if (CELL == CELL_GRU) {
      states[AUX + s0 + r * H + j] = rec; // W_hn h + b_hn
      an = acts[q] + rg * rec;
    } else {
      an = acts[q] + rec;
    }
    let n = tanh_safe(an);
    set_gate(r, 2u, j, an, n);
    set_h(r, j, (1.0 - z) * n + z * states[p0 + r * H + j]);
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>, @builtin(local_invocation_index) li : u32) {
  lid = li;
  H = dims.H;
  GH = dims.GH;
  Hp = dims.Hp;
  var UT = (H + nwg.z - 1u) / nwg.z;          // units per tile
  if (KS > 1u) { UT = TU; }
  j0 = wg.z * UT;
  j1 = min(H, j0 + UT);
  let b0 = wg.x * R; let d = wg.y;
  nb = min(R, dims.B - b0);
  PRE = dims.pre; POST = dims.post; C = dims.c; AUX = dims.aux;
  let at = cell_at(d, b0);
  x0 = at.x;
  s0 = at.h;
  p0 = at.hp;
  c0 = at.cp;
  o0 = at.o;
  od = dims.dirs * H;
  wT = dims.wT[d];
  bHh = dims.bHh[d];
  pp = dims.peep[d];

  for (var k = lid; k < H; k += WG) {
    var v = vec4<f32>(0.0);
    for (var r = 0u; r < nb; r++) { v[r] = states[p0 + r * H + k]; }
    hrow[k] = v;
  }
  workgroupBarrier();

  if (is_rnn()) {
    product(0u, 1u);
    for (var n = 0u; unit(n) < H; n++) { rnn(unit(n)); }
  } else if (is_lstm()) {
    product(0u, 4u);
    for (var n = 0u; unit(n) < H; n++) { lstm(unit(n)); }
  } else if (CELL == CELL_GRU) {
    product(0u, 3u);
    for (var n = 0u; unit(n) < H; n++) { gru_rz(unit(n)); gru_n(unit(n)); }
  } else {
    // the original GRU: W_hn multiplies r * h_{t-1}, which needs every unit's r first
    product(0u, 2u);
    for (var n = 0u; unit(n) < H; n++) { gru_rz(unit(n)); }
    workgroupBarrier(); // everyone has finished reading h_{t-1}
    for (var n = 0u; unit(n) < H; n++) {
      let j = unit(n);
      var v = vec4<f32>(0.0);
      for (var r = 0u; r < nb; r++) { v[r] = states[AUX + s0 + r * H + j]; } // its own writes
      hrow[j] = v;
    }
    workgroupBarrier();
    product(2u, 3u);
    for (var n = 0u; unit(n) < H; n++) { gru_n(unit(n)); }
  }
}
