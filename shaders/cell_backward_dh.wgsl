// cell_backward_dh: the recurrent half of BPTT through one time step of one layer, both directions,
// all B rows: dL/dh_{t-1} = W_hh^T · (recurrent-side gate gradients) + the direct term (GRU:
// dh_t * z). Dispatched right after cell_backward, which (SPLIT, on real GPUs) leaves this product
// out, for every cell but the original GRU (its reset-gate path needs the whole row in one
// workgroup).
// CPU twin: src/model/cells/{rnn,lstm,gru}.ts backward, dhPrev (checked in tests/gpu/kernels.test.ts
// through the gradients and norms of every earlier step, which it feeds).
// CELL, structs Dims and Step, and cell_at: shaders/cell_dims.wgsl; recurrent_dh:
// shaders/recurrent_dh.wgsl. Workgroup (block of R = 4 batch rows, dir, tile of WG / KS units): an
// invocation owns a slice of the sum for unit k of the 4 rows as one vec4.
// Bindings (group 0): 0 dims uniform · 1 params read · 2 acts read · 3 dacts read = dxp | dhp,
//   each (dirs, T, B, G*H) · 4 dOut (T, B, H*dirs) read · 5 dstep read_write = dh[2] | dc[2],
//   each (dirs, B, H), ping-pong by parity (Step.dh) · 6 paramsT read (unread here: the scalar form of
//   recurrent_dh reads W_hh from params) · (group 1) 0 step uniform {s}

override WG : u32 = 64u;  // invocations: WG / KS units x KS slices of the gate rows
override KS : u32 = 1u;
const R : u32 = 4u;
const QUAD : bool = false;

@group(0) @binding(0) var<uniform> dims : Dims;
@group(0) @binding(1) var<storage, read> params : array<f32>;
@group(0) @binding(2) var<storage, read> acts : array<f32>;
@group(0) @binding(3) var<storage, read> dacts : array<f32>;
@group(0) @binding(4) var<storage, read> dOut : array<f32>;
@group(0) @binding(5) var<storage, read_write> dstep : array<f32>;
@group(0) @binding(6) var<storage, read> paramsT : array<vec4<f32>>;
@group(1) @binding(0) var<uniform> step : Step;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let b0 = wg.x * R;
  recurrent_dh(b0, min(R, dims.B - b0), wg.y, wg.z * (WG / KS), lid);
}
