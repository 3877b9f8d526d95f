/**
 * Gradient-conflict statistics from the T x T Gram matrix G = J J^T of the task gradients on the
 * shared parameters (mtl-methods reference §5.3): cosines cos_ij = G_ij / (n_i n_j), norms
 * n_i = sqrt(G_ii), the share of task pairs with negative cosine, and the condition number
 * sigma_max / sigma_min of J = sqrt(lambda_max / lambda_min) of G (Infinity when J is rank-deficient).
 */
import type { ConflictStats } from './types';

/** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations; fine for T <= 16). */
export function symmetricEigenvalues(matrix: Float64Array | number[], n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}

export function conflictStats(
  step: number,
  gram: Float64Array | number[],
  tasks: number,
): ConflictStats {
  const T = tasks;
  const norms = Array.from({ length: T }, (_, i) => Math.sqrt(Math.max(0, gram[i * T + i])));
  const cosine = Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) => {
      if (i === j) return norms[i] > 0 ? 1 : 0;
      const d = norms[i] * norms[j];
      return d > 0 ? gram[i * T + j] / d : 0;
    }),
  );
  let pairs = 0;
  let conflicts = 0;
  for (let i = 0; i < T; i++) {
    for (let j = i + 1; j < T; j++) {
      pairs++;
      if (cosine[i][j] < 0) conflicts++;
    }
  }
  const eig = symmetricEigenvalues(gram, T);
  const max = Math.max(...eig);
  const min = Math.min(...eig);
  const conditionNumber = max <= 0 ? NaN : min <= max * 1e-12 ? Infinity : Math.sqrt(max / min);
  return { step, cosine, norms, conflictRate: pairs ? conflicts / pairs : 0, conditionNumber };
}
