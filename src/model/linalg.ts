// Dense kernels for the CPU reference, on row-major arrays with offsets and leading dimensions.
// Written for V8: contiguous inner loops, 4-way unrolled, no allocation.
import type { FArray } from './params.ts';

/** out(M,N) = beta*out + A(M,K) · B(N,K)^T  — e.g. h_prev (B,H) · W_hh (GH,H)^T. beta is 0 or 1. */
export function gemmNT(
  M: number, N: number, K: number,
  A: FArray, aOff: number, lda: number,
  B: FArray, bOff: number, ldb: number,
  out: FArray, oOff: number, ldo: number,
  beta: 0 | 1,
): void {
  const K4 = K - (K % 4);
  for (let m = 0; m < M; m++) {
    const ar = aOff + m * lda;
    const or = oOff + m * ldo;
    for (let n = 0; n < N; n++) {
      const br = bOff + n * ldb;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      for (; k < K4; k += 4) {
        s0 += A[ar + k]! * B[br + k]!;
        s1 += A[ar + k + 1]! * B[br + k + 1]!;
        s2 += A[ar + k + 2]! * B[br + k + 2]!;
        s3 += A[ar + k + 3]! * B[br + k + 3]!;
      }
      for (; k < K; k++) s0 += A[ar + k]! * B[br + k]!;
      const s = s0 + s1 + (s2 + s3);
      out[or + n] = beta === 0 ? s : out[or + n]! + s;
    }
  }
}

/** out(M,N) += A(M,K) · B(K,N)  — e.g. dh_prev (B,H) += dgates (B,GH) · W_hh (GH,H). */
export function gemmNNAcc(
  M: number, N: number, K: number,
  A: FArray, aOff: number, lda: number,
  B: FArray, bOff: number, ldb: number,
  out: FArray, oOff: number, ldo: number,
): void {
  for (let m = 0; m < M; m++) {
    const or = oOff + m * ldo;
    for (let k = 0; k < K; k++) {
      const a = A[aOff + m * lda + k]!;
      if (a === 0) continue;
      axpy(N, a, B, bOff + k * ldb, out, or);
    }
  }
}

/** out(M,N) += A(K,M)^T · B(K,N)  — e.g. dW_hh (GH,H) += dgates (B,GH)^T · h_prev (B,H). */
export function gemmTNAcc(
  M: number, N: number, K: number,
  A: FArray, aOff: number, lda: number,
  B: FArray, bOff: number, ldb: number,
  out: FArray, oOff: number, ldo: number,
): void {
  for (let k = 0; k < K; k++) {
    const ar = aOff + k * lda;
    const br = bOff + k * ldb;
    for (let m = 0; m < M; m++) {
      const a = A[ar + m]!;
      if (a === 0) continue;
      axpy(N, a, B, br, out, oOff + m * ldo);
    }
  }
}

/** y[yOff .. yOff+n) += a * x[xOff .. xOff+n) */
export function axpy(n: number, a: number, x: FArray, xOff: number, y: FArray, yOff: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    y[yOff + i] = y[yOff + i]! + a * x[xOff + i]!;
    y[yOff + i + 1] = y[yOff + i + 1]! + a * x[xOff + i + 1]!;
    y[yOff + i + 2] = y[yOff + i + 2]! + a * x[xOff + i + 2]!;
    y[yOff + i + 3] = y[yOff + i + 3]! + a * x[xOff + i + 3]!;
  }
  for (; i < n; i++) y[yOff + i] = y[yOff + i]! + a * x[xOff + i]!;
}

/** Column sums: out(N) += sum over M rows of A(M,N) — bias gradients. */
export function addRowSums(M: number, N: number, A: FArray, aOff: number, lda: number, out: FArray, oOff: number): void {
  for (let m = 0; m < M; m++) axpy(N, 1, A, aOff + m * lda, out, oOff);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Euclidean norm of a[off .. off+n). */
export function norm2(a: FArray, off = 0, n = a.length - off): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[off + i]! * a[off + i]!;
  return Math.sqrt(s);
}

/** Index of the largest element (the first on ties). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}
