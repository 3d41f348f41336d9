// Included by weight_grad, matmul_nt and matmul_nn for their tiled entry points (real GPUs): a 64 x 64 tile
// of C[i, j] = sum_c P(c, i) * Q(c, j), the contraction index c staged KC at a time through
// workgroup memory, so each global load feeds 64 multiply-adds instead of 4 and the serial loop
// of a thread is (contraction length / KC) chunks. 256 invocations, each a 4 x 4 register block
// (rows i0 + 4*ty .., columns j0 + 4*tx ..). The including kernel defines
//   fn p_at(c : u32, i : u32) -> f32 and fn q_at(c : u32, j : u32) -> f32 (0 outside its ranges),
// and P_ALONG_C / Q_ALONG_C: whether consecutive c of one i (j) are adjacent in memory, which
// decides the staging order so that adjacent invocations load adjacent floats.
// Workgroup memory: 2 x KC x 64 floats (8 KB).

const TILE : u32 = 64u;
const KC : u32 = 16u;
var<workgroup> tp : array<vec4<f32>, 256>; // [c][i / 4]: P of the chunk, KC x TILE
var<workgroup> tq : array<vec4<f32>, 256>; // [c][j / 4]: Q of the chunk

/** (c, e) of the n-th of the chunk's KC x TILE values: e (i or j) fastest, or c fastest. */
fn chunk_at(n : u32, along_c : bool) -> vec2<u32> {
  return select(vec2<u32>(n / TILE, n % TILE), vec2<u32>(n % KC, n / KC), along_c);
}

/** This invocation's 4 x 4 block of the tile over c < cn: c[r] is row i0 + 4ty + r, columns
 *  j0 + 4tx ..; and (when `sums`) the sums of P over c of those 4 rows (a bias gradient). */
struct Block { c : mat4x4<f32>, sums : vec4<f32> }

fn gemm_tile(i0 : u32, j0 : u32, cn : u32, lid : u32, sums : bool) -> Block {
  let tx = lid % 16u;
  let ty = lid / 16u;
  var b : Block;
  for (var c0 = 0u; c0 < cn; c0 += KC) {
    for (var n = lid; n < KC * TILE; n += 256u) {
      let p = chunk_at(n, P_ALONG_C);
      let q = chunk_at(n, Q_ALONG_C);
      var pv = 0.0;
      var qv = 0.0;
      if (c0 + p.x < cn) { pv = p_at(c0 + p.x, i0 + p.y); }
      if (c0 + q.x < cn) { qv = q_at(c0 + q.x, j0 + q.y); }
      tp[p.x * 16u + p.y / 4u][p.y % 4u] = pv;
      tq[q.x * 16u + q.y / 4u][q.y % 4u] = qv;
    }
    workgroupBarrier();
    for (var c = 0u; c < KC; c++) {
      let a = tp[c * 16u + ty];
      let v = tq[c * 16u + tx];
      b.c[0] += a.x * v; b.c[1] += a.y * v; b.c[2] += a.z * v; b.c[3] += a.w * v;
      if (sums) { b.sums += a; }
    }
    workgroupBarrier();
  }
  return b;
}
