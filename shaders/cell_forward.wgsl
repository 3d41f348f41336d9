// cell_forward: one time step of one layer, both directions, for all B rows — fused recurrent
// matmul (all gates) + input projection + biases + activations + state update.
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts forward (checked in tests/gpu/kernels.test.ts).
// Structs Dims and Step: shaders/cell_dims.wgsl. CELL is 0 = RNN tanh, 1 = RNN relu, 2 = LSTM, 3 = LSTM + peepholes, 4 = GRU pytorch, 5 = GRU original
// (an override constant). Workgroup (block of R = 4 batch rows, dir, tile of units): the grid's z
// splits the H units into tiles of 64 on real GPUs (one tile on software adapters, and for the
// original GRU, whose n gate needs r * h_{t-1} of every unit); threads stride over the tile's units. h_{t-1} of the block (all H units) sits in
// workgroup memory as one vec4 per unit, so every weight read feeds 4 multiply-adds.
// The recurrent weights come from paramsT = W_hh^T (H, G*H) per (layer, direction), so adjacent
// lanes read adjacent weights (transpose.wgsl; the optimizer keeps it current).
// Bindings (group 0): 0 dims uniform · 1 params (P) read · 2 acts read_write · 3 states read_write
//   · 4 out (T,B,H*dirs) read_write · 5 paramsT read · (group 1) 0 step uniform {s}
// acts   = xp | pre | post, each (dirs, T, B, G*H)
// states = h | c | aux, each (dirs, T, B, H), then h0 | c0, each (dirs, B, H)

override CELL : u32 = 2u;
const WG : u32 = 64u;
const R : u32 = 4u;
const MAX_H : u32 = 1024u;

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read_write> acts : array<f32>;
@group(0) @binding(3) var<storage, read_write> states : array<f32>;
@group(0) @binding(4) var<storage, read_write> out : array<f32>;
@group(0) @binding(5) var<storage, read> paramsT : array<f32>;
@group(1) @binding(0) var<uniform> step : Step;

// h_{t-1}[k] of the block's 4 rows (16 KB at MAX_H); the original GRU overwrites it with r*h_{t-1}
var<workgroup> hrow : array<vec4<f32>, MAX_H>;

/** Gate row q of W_hh (column q of W_hh^T at paramsT offset wT) times hrow, for the 4 rows. */
fn dot4(wT : u32, q : u32, H : u32, GH : u32) -> vec4<f32> {
  var acc = vec4<f32>(0.0);
  for (var k = 0u; k < H; k++) { acc += paramsT[wT + k * GH + q] * hrow[k]; }
  return acc;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let B = dims.B; let T = dims.T; let H = dims.H; let G = dims.G;
  let UT = (H + nwg.z - 1u) / nwg.z;          // units per tile
  let j0 = wg.z * UT;                         // this workgroup's units: j0 <= j < j1
  let j1 = min(H, j0 + UT);
  let b0 = wg.x * R; let d = wg.y;
  let nb = min(R, B - b0);
  let s = step.s;
  let t = select(T - 1u - s, s, d == 0u);
  let first = s == 0u;
  let tp = select(t + 1u, t - 1u, d == 0u); // previous position in processing order
  let SA = dims.dirs * T * B * G * H;       // size of one acts section
  let SS = dims.dirs * T * B * H;           // size of one states section
  let S0 = dims.dirs * B * H;
  let GH = G * H;
  let x0 = ((d * T + t) * B + b0) * GH;     // row r of xp / pre / post: x0 + r*GH
  let s0 = ((d * T + t) * B + b0) * H;      // row r of h / c / aux: s0 + r*H
  let p0 = select(((d * T + tp) * B + b0) * H, 3u * SS + (d * B + b0) * H, first);           // h_{t-1}
  let c0 = select(SS + ((d * T + tp) * B + b0) * H, 3u * SS + S0 + (d * B + b0) * H, first); // c_{t-1}
  let o0 = (t * B + b0) * dims.dirs * H + d * H;                                                // out
  let od = dims.dirs * H;
  let wT = dims.wT[d];
  let bHh = dims.bHh[d];

  for (var k = lid; k < H; k += WG) {
    var v = vec4<f32>(0.0);
    for (var r = 0u; r < nb; r++) { v[r] = states[p0 + r * H + k]; }
    hrow[k] = v;
  }
  workgroupBarrier();

  if (CELL <= 1u) {
    for (var j = j0 + lid; j < j1; j += WG) {
      let a4 = dot4(wT, j, H, GH) + params[bHh + j];
      for (var r = 0u; r < nb; r++) {
        let a = a4[r] + acts[x0 + r * GH + j];
        var h = 0.0;
        if (CELL == 0u) { h = tanh_safe(a); } else { h = max(a, 0.0); }
        acts[SA + x0 + r * GH + j] = a;
        acts[2u * SA + x0 + r * GH + j] = h;
        states[s0 + r * H + j] = h;
        out[o0 + r * od + j] = h;
      }
    }
  } else if (CELL <= 3u) {
    let pp = dims.peep[d];
    for (var j = j0 + lid; j < j1; j += WG) {
      let ai4 = dot4(wT, j, H, GH) + params[bHh + j];
      let af4 = dot4(wT, H + j, H, GH) + params[bHh + H + j];
      let ag4 = dot4(wT, 2u * H + j, H, GH) + params[bHh + 2u * H + j];
      let ao4 = dot4(wT, 3u * H + j, H, GH) + params[bHh + 3u * H + j];
      for (var r = 0u; r < nb; r++) {
        let x = x0 + r * GH;
        let cp = states[c0 + r * H + j];
        var ai = ai4[r] + acts[x + j];
        var af = af4[r] + acts[x + H + j];
        let ag = ag4[r] + acts[x + 2u * H + j];
        var ao = ao4[r] + acts[x + 3u * H + j];
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
        acts[SA + x + j] = ai; acts[SA + x + H + j] = af;
        acts[SA + x + 2u * H + j] = ag; acts[SA + x + 3u * H + j] = ao;
        acts[2u * SA + x + j] = i; acts[2u * SA + x + H + j] = f;
        acts[2u * SA + x + 2u * H + j] = g; acts[2u * SA + x + 3u * H + j] = o;
        states[s0 + r * H + j] = h;
        states[SS + s0 + r * H + j] = c;
        states[2u * SS + s0 + r * H + j] = tc;
        out[o0 + r * od + j] = h;
      }
    }
  } else {
    // GRU: r and z first (both variants); the original variant keeps r*h_{t-1} in registers
    var held : array<vec4<f32>, MAX_H / WG>;
    var i = 0u;
    for (var j = j0 + lid; j < j1; j += WG) {
      let ar4 = dot4(wT, j, H, GH) + params[bHh + j];
      let az4 = dot4(wT, H + j, H, GH) + params[bHh + H + j];
      var rhv = vec4<f32>(0.0);
      for (var r = 0u; r < nb; r++) {
        let x = x0 + r * GH;
        let ar = ar4[r] + acts[x + j];
        let az = az4[r] + acts[x + H + j];
        let rg = sigmoid(ar);
        acts[SA + x + j] = ar; acts[SA + x + H + j] = az;
        acts[2u * SA + x + j] = rg; acts[2u * SA + x + H + j] = sigmoid(az);
        rhv[r] = rg * hrow[j][r];
      }
      held[i] = rhv;
      i++;
    }
    if (CELL == 5u) {
      workgroupBarrier(); // everyone has finished reading h_{t-1}
      i = 0u;
      for (var j = j0 + lid; j < j1; j += WG) { hrow[j] = held[i]; i++; }
      workgroupBarrier();
    }
    i = 0u;
    for (var j = j0 + lid; j < j1; j += WG) {
      let hn4 = dot4(wT, 2u * H + j, H, GH) + params[bHh + 2u * H + j]; // W_hn (h or r*h) + b_hn
      for (var r = 0u; r < nb; r++) {
        let x = x0 + r * GH;
        let rg = acts[2u * SA + x + j];
        let z = acts[2u * SA + x + H + j];
        var an = 0.0;
        if (CELL == 4u) {
          states[2u * SS + s0 + r * H + j] = hn4[r]; // W_hn h + b_hn
          an = acts[x + 2u * H + j] + rg * hn4[r];
        } else {
          states[2u * SS + s0 + r * H + j] = held[i][r]; // r * h_{t-1}
          an = acts[x + 2u * H + j] + hn4[r];
        }
        let n = tanh_safe(an);
        let h = (1.0 - z) * n + z * states[p0 + r * H + j];
        acts[SA + x + 2u * H + j] = an;
        acts[2u * SA + x + 2u * H + j] = n;
        states[s0 + r * H + j] = h;
        out[o0 + r * od + j] = h;
      }
      i++;
    }
  }
}
