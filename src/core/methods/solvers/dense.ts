/**
 * Small dense float64 helpers for the T x T problems. Matrices are row-major Float64Array of
 * length n*n (the layout the engine uses for the Gram matrix), vectors are Float64Array.
 */

export function matVec(a: Float64Array, n: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** xᵀ A y. */
export function bilinear(
  a: Float64Array,
  n: number,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += a[i * n + j] * y[j];
    s += x[i] * row;
  }
  return s;
}

export function quadForm(a: Float64Array, n: number, x: ArrayLike<number>): number {
  return bilinear(a, n, x, x);
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i];
  return s;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The principal submatrix on the given indices. */
export function subMatrix(a: Float64Array, n: number, idx: readonly number[]): Float64Array {
  const m = idx.length;
  const out = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) out[r * m + c] = a[idx[r] * n + idx[c]];
  return out;
}

/** G = J Jᵀ for rows g_i (used when a method asked for the full Jacobian). */
export function gramOfRows(rows: readonly Float64Array[]): Float64Array {
  const n = rows.length;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = dot(rows[i], rows[j]);
      g[i * n + j] = v;
      g[j * n + i] = v;
    }
  }
  return g;
}
