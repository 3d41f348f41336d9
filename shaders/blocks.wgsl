// Included by transpose and optimizer: the table of W_hh blocks and where element e of a block
// lands in its two copies, W_hh^T and the padded W_hh (their offsets come from
// src/backend/webgpu/layout.ts RecurrentCopies, through uniforms.ts Blocks).

struct Blocks {
  count : u32,
  rows : u32, cols : u32,    // of every block: G*H x H
  Hp : u32,                  // H rounded up to a multiple of 4
  b : array<vec4<u32>, 8>,   // per block {W_hh in params, W_hh^T in paramsT, the padded W_hh in paramsT, 0}
}

/** Offset in paramsT of element e (row-major in W_hh, rows = G*H x cols = H) of block b: W_hh^T
 *  is (H, G*Hp), gate g's unit j at column g*Hp + j with Hp = H rounded up to a multiple of 4
 *  (shaders/cell_forward.wgsl reads 4 adjacent units of a gate as one aligned vec4). */
fn transposed_index(b : vec4<u32>, e : u32) -> u32 {
  let H = blocks.cols;
  let Hp = blocks.Hp;
  let k = e % H;        // column of W_hh: the input unit
  let q = e / H;        // row of W_hh: gate q / H, unit q % H
  return b.y + k * (blocks.rows / H) * Hp + (q / H) * Hp + q % H;
}

/** Offset in paramsT of element e of block b in the padded W_hh, (G*H, Hp)
 *  (shaders/recurrent_dh.wgsl reads 4 adjacent input units of a gate row as one aligned vec4). */
fn padded_index(b : vec4<u32>, e : u32) -> u32 {
  let H = blocks.cols;
  return b.z + (e / H) * blocks.Hp + e % H;
}
