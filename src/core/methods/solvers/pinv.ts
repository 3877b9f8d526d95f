/**
 * Pseudo-inverse of a symmetric positive-semidefinite matrix (a Gram or cosine matrix) through its
 * eigendecomposition: G⁺ = V diag(1/λ for λ > tol) Vᵀ. IMTL-G and ConFIG use it so linearly
 * dependent task gradients (identical or opposite) give a finite answer instead of a failed solve.
 */
import { symmetricEigen } from './eigen';

/** float32 machine epsilon: the Gram matrix comes from float32 GPU arithmetic. */
export const FLOAT32_EPS = 1.1920929e-7;

/**
 * Eigenvalues at or below `rtol * n * λ_max` are treated as zero (numpy's matrix_rank rule, with
 * float32's epsilon because that is the precision of the data).
 */
export function symmetricPinv(a: Float64Array, n: number, rtol = FLOAT32_EPS): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const out = new Float64Array(n * n);
  const lmax = n > 0 ? Math.max(values[0], 0) : 0;
  const tol = rtol * n * lmax;
  if (!(lmax > 0)) return out;
  for (let k = 0; k < n; k++) {
    const lam = values[k];
    if (!(lam > tol)) continue;
    const inv = 1 / lam;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k] * inv;
      for (let j = 0; j < n; j++) out[i * n + j] += vi * vectors[j * n + k];
    }
  }
  return out;
}
