/**
 * Gradient-conflict statistics from the T x T Gram matrix G = J J^T of the task gradients on the
 * shared parameters (mtl-methods reference §5.3): cosines cos_ij = G_ij / (n_i n_j), norms
 * n_i = sqrt(G_ii), the share of task pairs with negative cosine, and the condition number
 * sigma_max / sigma_min of J = sqrt(lambda_max / lambda_min) of G (Infinity when J is rank-deficient).
 */
import { symmetricEigen } from '../methods/solvers/eigen';
import type { ConflictStats } from './types';

/**
 * Steps between conflict probes for methods that compute no task gradients themselves (the lab's
 * trainer option `conflictEvery`; the microscope's text names it).
 */
export const CONFLICT_EVERY = 10;

/** Eigenvalues of a symmetric matrix, in descending order (the methods' Jacobi solver). */
export function symmetricEigenvalues(matrix: Float64Array | number[], n: number): number[] {
  return Array.from(symmetricEigen(Float64Array.from(matrix), n).values);
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
