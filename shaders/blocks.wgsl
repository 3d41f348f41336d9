// Included by transpose and optimizer: the table of W_hh blocks (src/backend/webgpu/transpose.ts)
// and where element e of a block lands in W_hh^T.

struct Blocks { count : u32, _p0 : u32, _p1 : u32, _p2 : u32, b : array<vec4<u32>, 8> } // {src, dst, rows, cols}

/** Offset in paramsT of element e (row-major in W_hh, rows x cols) of block b. */
fn transposed_index(b : vec4<u32>, e : u32) -> u32 {
  return b.y + (e % b.w) * b.z + e / b.w;
}
