// The initialisations of config.ts InitConfig, all from the run's seed (src/model/rng.ts):
//   pytorch        initParams (params.ts): every tensor U(-b, b), PyTorch's defaults. The other
//                  kinds draw exactly these numbers first and then change some tensors, drawing
//                  what they need after them from the same generator.
//   orthogonal     every gate's (H, H) block of every W_hh is replaced by an orthogonal matrix:
//                  an H x H matrix of N(0, 1) draws (Box-Muller, row-major), its columns
//                  orthonormalised by modified Gram-Schmidt in float64, twice (re-orthogonalised
//                  for accuracy). That is the Q of A = QR with R's diagonal positive — what
//                  PyTorch's torch.nn.init.orthogonal_ returns for a square matrix (it takes
//                  torch.linalg.qr and multiplies Q by sign(diag R)), so the same distribution
//                  (uniform over orthogonal matrices), not the same numbers. Per gate block, not
//                  over the whole (G*H, H) tensor as orthogonal_(weight_hh) would be: each gate's
//                  recurrent map preserves norms on its own. O(G * H^3) per layer and direction.
//   identity-relu  a relu RNN (Le et al. 2015, "IRNN"): W_hh = I, both biases 0, W_ih ~ N(0, 0.001^2).
//   carryBias      the LSTM's forget gate f (rows H..2H of i,f,g,o) and the GRU's update gate z
//                  (rows H..2H of r,z,n): b_ih rows 1, b_hh rows 0, so the gate starts at
//                  sigma(1) = 0.73 and the cell carries its state; nothing for an RNN.
// The output layer keeps PyTorch's default in every kind.
import { gateCount, type InitConfig, type ModelConfig } from './config.ts';
import { initParams, type FArray, type FArrayCtor, type ParamLayout } from './params.ts';
import { createRng, type Rng } from './rng.ts';

/** Standard deviation of W_ih under identity-relu (Le et al. 2015). */
export const IRNN_INPUT_STD = 0.001;

/** A standard normal draw (Box-Muller on two uniforms; the first in (0, 1] so the log is finite). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** An n x n orthogonal matrix, row-major, float64: Q of a Gaussian matrix's QR (diag R > 0). */
export function orthogonalMatrix(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = normal(rng);
  // columns j of a, orthonormalised left to right: a[r * n + j]
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += a[r * n + k]! * a[r * n + j]!;
        for (let r = 0; r < n; r++) a[r * n + j] = a[r * n + j]! - dot * a[r * n + k]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += a[r * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < n; r++) a[r * n + j] = a[r * n + j]! / norm;
  }
  return a;
}

/** The gate whose bias carryBias opens: its row block in gate order (LSTM f, GRU z), or -1. */
function carryGate(model: ModelConfig): number {
  return model.cell === 'lstm' || model.cell === 'gru' ? 1 : -1;
}

/** The run's initial parameters: `init`'s kind from `seed`, in the flat layout of params.ts. */
export function initialParams(layout: ParamLayout, model: ModelConfig, init: InitConfig, seed: number, ctor: FArrayCtor = Float32Array): FArray {
  const rng = createRng(seed);
  const p = initParams(layout, rng, ctor);
  const H = model.hiddenSize;
  const G = gateCount(model.cell);
  for (const row of layout.layers) {
    for (const o of row) {
      if (init.kind === 'orthogonal') {
        for (let g = 0; g < G; g++) p.set(orthogonalMatrix(H, rng), o.wHh + g * H * H); // (H, H) block g of W_hh (G*H, H)
      } else if (init.kind === 'identity-relu') {
        for (let i = 0; i < H * o.inSize; i++) p[o.wIh + i] = IRNN_INPUT_STD * normal(rng); // W_ih (H, in)
        p.fill(0, o.wHh, o.wHh + H * H);
        for (let i = 0; i < H; i++) p[o.wHh + i * H + i] = 1; // W_hh (H, H) = I
        p.fill(0, o.bIh, o.bIh + H);
        p.fill(0, o.bHh, o.bHh + H);
      }
      const gate = carryGate(model);
      if (init.carryBias && gate >= 0) {
        p.fill(1, o.bIh + gate * H, o.bIh + (gate + 1) * H); // b_ih (G*H) rows of the gate
        p.fill(0, o.bHh + gate * H, o.bHh + (gate + 1) * H); // b_hh (G*H)
      }
    }
  }
  return p;
}
