/**
 * Cholesky factorisation and solve for small symmetric positive-definite systems (the Newton
 * Hessians of Nash-MTL/FairGrad and the free blocks of the box QP). Returns null instead of
 * throwing when the matrix is not numerically positive definite, so callers can fall back.
 */

/** Lower-triangular L (row-major) with A = L Lᵀ, or null if A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solve A x = b given the Cholesky factor L of A. */
export function choleskySolveFactor(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Solve A x = b for symmetric positive-definite A, or null if A is not positive definite. */
export function choleskySolve(
  a: Float64Array,
  n: number,
  b: ArrayLike<number>,
): Float64Array | null {
  const l = cholesky(a, n);
  return l ? choleskySolveFactor(l, n, b) : null;
}
