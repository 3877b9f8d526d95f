/**
 * The random geometry of MultiTab-Bench: the orthonormal basis U (reference §1.3 step 1) and the
 * feature matrix X (step 4), plus two MTL Lab extensions to X (correlated and irrelevant columns).
 */
import type { Rng } from './random';

/** rows x cols matrix of independent N(0, 1) entries, drawn row by row. */
export function gaussianMatrix(rows: number, cols: number, rng: Rng): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
}

/**
 * Modified Gram–Schmidt on the rows, in order, as the reference does: each earlier row is
 * removed using the *current* partially orthogonalised row, which keeps rounding errors from
 * accumulating the way classical Gram–Schmidt lets them. Needs rows <= cols (T <= D).
 */
export function orthonormalRows(input: number[][]): number[][] {
  const rows = input.map((row) => row.slice());
  for (let i = 0; i < rows.length; i++) {
    const u = rows[i];
    for (let j = 0; j < i; j++) {
      const v = rows[j];
      let dot = 0;
      for (let k = 0; k < u.length; k++) dot += u[k] * v[k];
      for (let k = 0; k < u.length; k++) u[k] -= dot * v[k];
    }
    let norm = 0;
    for (let k = 0; k < u.length; k++) norm += u[k] * u[k];
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) {
      throw new Error(
        `cannot orthonormalise row ${i}: it lies in the span of the earlier rows (need tasks <= features)`,
      );
    }
    for (let k = 0; k < u.length; k++) u[k] /= norm;
  }
  return rows;
}

/** A (n x m) times B (m x p), row-major nested arrays. */
export function matmul(A: number[][], B: number[][]): number[][] {
  const p = B[0]?.length ?? 0;
  return A.map((row) => {
    const out = new Array<number>(p).fill(0);
    row.forEach((a, k) => {
      if (a === 0) return;
      const bk = B[k];
      for (let j = 0; j < p; j++) out[j] += a * bk[j];
    });
    return out;
  });
}

/**
 * Feature matrix, rows x columns, row-major float32, every entry N(0, 1).
 *
 * MTL Lab extension (not in MultiTab-Bench): with `correlation` c > 0 the columns are
 * equicorrelated, x = sqrt(1 - c)·e + sqrt(c)·s with one shared s per row, so every column keeps
 * unit variance and every pair of columns has correlation c. With c = 0 no shared factor is drawn
 * and X is i.i.d. as in the reference. Irrelevant columns are simply extra columns here; the
 * caller decides which columns the tasks read.
 */
export function drawFeatures(
  rows: number,
  columns: number,
  correlation: number,
  rng: Rng,
): Float32Array {
  const x = new Float32Array(rows * columns);
  const own = Math.sqrt(1 - correlation);
  const shared = Math.sqrt(correlation);
  for (let r = 0; r < rows; r++) {
    const common = correlation > 0 ? shared * rng.normal() : 0;
    const base = r * columns;
    for (let c = 0; c < columns; c++) x[base + c] = own * rng.normal() + common;
  }
  return x;
}
