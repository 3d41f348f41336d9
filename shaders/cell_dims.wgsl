// Included by cell_forward and cell_backward: the layout of the one `cellDims` uniform buffer
// both kernels bind (src/backend/webgpu/network.ts cellDims), and the per-step uniform slot.

struct Dims {
  B : u32, T : u32, H : u32, G : u32,
  dirs : u32, _p0 : u32, _p1 : u32, _p2 : u32,
  wHh : vec2<u32>, bHh : vec2<u32>, peep : vec2<u32>, wT : vec2<u32>, // wT: W_hh^T offsets in paramsT (the padded W_hh follows each)
}
struct Step { s : u32 }
