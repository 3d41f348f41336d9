// Included by transpose and optimizer: the table of W_hh blocks (src/backend/webgpu/transpose.ts)
// and where element e of a block lands in its two copies: W_hh^T, then the padded W_hh.

struct Blocks { count : u32, _p0 : u32, _p1 : u32, _p2 : u32, b : array<vec4<u32>, 8> } // {src, dst, rows, cols}

/** Offset in paramsT of element e (row-major in W_hh, rows = G*H x cols = H) of block b: W_hh^T
 *  is (H, G*Hp), gate g's unit j at column g*Hp + j with Hp = H rounded up to a multiple of 4
 *  (shaders/cell_forward.wgsl reads 4 adjacent units of a gate as one aligned vec4). */
fn transposed_index(b : vec4<u32>, e : u32) -> u32 {
  let H = b.w;
  let Hp = (H + 3u) & ~3u;
  let k = e % H;        // column of W_hh: the input unit
  let q = e / H;        // row of W_hh: gate q / H, unit q % H
  return b.y + k * (b.z / H) * Hp + (q / H) * Hp + q % H;
}

/** Offset in paramsT of element e of block b in the padded W_hh, (G*H, Hp) right after W_hh^T
 *  (shaders/recurrent_dh.wgsl reads 4 adjacent input units of a gate row as one aligned vec4). */
fn padded_index(b : vec4<u32>, e : u32) -> u32 {
  let H = b.w;
  let Hp = (H + 3u) & ~3u;
  return b.y + b.z * Hp + (e / H) * Hp + e % H;
}
