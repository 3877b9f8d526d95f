/**
 * The task-similarity matrix P of MultiTab-Bench: P[i][j] is the cosine between the weight
 * vectors of tasks i and j. This file builds P, checks that it is a valid correlation matrix
 * (symmetric, unit diagonal, positive semidefinite), finds the nearest valid matrix when it is
 * not (so the UI can offer a fix instead of a bare error), and computes a square-root factor A
 * with A Aᵀ = P, from which the generator builds W = A U.
 *
 * All of it is float64 on tiny T x T matrices (T <= 16), so ml-matrix's dense routines suffice.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { DataConfig } from '../config/schema';

/** Eigenvalues above -PSD_TOLERANCE count as non-negative (rounding at rho = -1/(T-1)). */
export const PSD_TOLERANCE = 1e-10;

/** P = (1 - rho) I + rho 11ᵀ: every pair of tasks at cosine rho. */
export function equicorrelationMatrix(tasks: number, rho: number): number[][] {
  return Array.from({ length: tasks }, (_, i) =>
    Array.from({ length: tasks }, (_, j) => (i === j ? 1 : rho)),
  );
}

/** (P + Pᵀ)/2: user matrices may be symmetric only to 1e-9, ml-matrix wants exact symmetry. */
export function symmetrize(P: number[][]): number[][] {
  return P.map((row, i) => row.map((value, j) => (value + P[j][i]) / 2));
}

/** The similarity the config asks for: its full matrix when given, else the rho matrix. */
export function similarityFromConfig(
  data: Pick<DataConfig, 'tasks' | 'rho' | 'correlation'>,
): number[][] {
  return data.correlation !== null
    ? symmetrize(data.correlation)
    : equicorrelationMatrix(data.tasks, data.rho);
}

interface SymmetricEigen {
  /** Eigenvalues (ascending, as ml-matrix returns them for symmetric input). */
  values: number[];
  /** Eigenvectors in the columns. */
  vectors: Matrix;
}

function symmetricEigen(P: number[][]): SymmetricEigen {
  const evd = new EigenvalueDecomposition(new Matrix(symmetrize(P)), { assumeSymmetric: true });
  return { values: evd.realEigenvalues, vectors: evd.eigenvectorMatrix };
}

export function minEigenvalue(P: number[][]): number {
  if (P.length === 0) return 0;
  return Math.min(...symmetricEigen(P).values);
}

/** Q · diag(f(λ)) · Qᵀ for a symmetric matrix. */
function spectralMap(P: number[][], f: (lambda: number) => number): number[][] {
  const { values, vectors } = symmetricEigen(P);
  const n = values.length;
  const scaled = vectors.clone();
  for (let k = 0; k < n; k++) {
    const s = f(values[k]);
    for (let i = 0; i < n; i++) scaled.set(i, k, vectors.get(i, k) * s);
  }
  return symmetrize(scaled.mmul(vectors.transpose()).to2DArray());
}

/** Nearest PSD matrix in Frobenius norm: clip negative eigenvalues to zero. */
export function projectToPsd(P: number[][]): number[][] {
  return spectralMap(P, (lambda) => Math.max(lambda, 0));
}

function withUnitDiagonal(P: number[][]): number[][] {
  return P.map((row, i) => row.map((value, j) => (i === j ? 1 : value)));
}

export function frobeniusDistance(A: number[][], B: number[][]): number {
  let sum = 0;
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A.length; j++) sum += (A[i][j] - B[i][j]) ** 2;
  }
  return Math.sqrt(sum);
}

/**
 * D^{-1/2} S D^{-1/2}: turns a PSD matrix into one with unit diagonal while keeping it PSD
 * (a congruence). Used only as the final polish of `nearestCorrelation`, where the diagonal is
 * already within rounding of 1, so the polish moves the matrix by ~1e-12 at most.
 */
function rescaleToUnitDiagonal(S: number[][]): number[][] {
  const d = S.map((row, i) => Math.sqrt(Math.max(row[i], 1e-300)));
  return S.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : Math.max(-1, Math.min(1, value / (d[i] * d[j]))))),
  );
}

/**
 * Nearest correlation matrix (unit diagonal, PSD) to a symmetric P in Frobenius norm, by
 * Higham's alternating projections with Dykstra's correction (Higham 2002, "Computing the
 * nearest correlation matrix"). The two sets are convex, so the iteration converges to the
 * unique nearest point; plain alternating projections (without the correction) would converge
 * to some point of the intersection, not the nearest one.
 */
export function nearestCorrelation(
  P: number[][],
  options: { tolerance?: number; maxIterations?: number } = {},
): number[][] {
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 10_000;
  const n = P.length;
  let Y = withUnitDiagonal(symmetrize(P));
  let correction: number[][] = Y.map((row) => row.map(() => 0));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const R = Y.map((row, i) => row.map((value, j) => value - correction[i][j]));
    const X = projectToPsd(R);
    correction = X.map((row, i) => row.map((value, j) => value - R[i][j]));
    const nextY = withUnitDiagonal(X);
    const change = frobeniusDistance(nextY, Y) / Math.max(1, Math.sqrt(n));
    Y = nextY;
    if (change < tolerance && frobeniusDistance(X, nextY) < tolerance * n) break;
  }
  // The last unit-diagonal iterate may be PSD only to ~1e-13; make it exactly valid.
  return rescaleToUnitDiagonal(projectToPsd(Y));
}

/**
 * A with A Aᵀ = P. Cholesky when P is positive definite; otherwise (rho = 1, rho = -1/(T-1), or
 * a singular full P) the eigen factor Q·diag(sqrt(max(λ, 0))), as the reference does. Any factor
 * gives the same distribution of W = A U because U is Haar on the Stiefel manifold.
 */
export function squareRootFactor(P: number[][]): number[][] {
  const S = symmetrize(P);
  const n = S.length;
  const cholesky = new CholeskyDecomposition(new Matrix(S));
  if (cholesky.isPositiveDefinite()) {
    const L = cholesky.lowerTriangularMatrix.to2DArray();
    // Tiny pivots make Cholesky inaccurate; accept it only when it reproduces P.
    if (maxAbsDifference(multiplyTransposed(L), S) < 1e-12) return L;
  }
  const { values, vectors } = symmetricEigen(S);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, k) => vectors.get(i, k) * Math.sqrt(Math.max(values[k], 0))),
  );
}

/** A Aᵀ for row-major A (rows x cols). */
export function multiplyTransposed(A: number[][]): number[][] {
  return A.map((ri) => A.map((rj) => ri.reduce((sum, value, k) => sum + value * rj[k], 0)));
}

export function maxAbsDifference(A: number[][], B: number[][]): number {
  let max = 0;
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A[i].length; j++) max = Math.max(max, Math.abs(A[i][j] - B[i][j]));
  }
  return max;
}

/**
 * The cosine matrix of some vectors: always a valid correlation matrix (rank <= their
 * dimension). A convenient way to make random or hand-placed valid similarity matrices.
 */
export function normalizedGram(vectors: number[][]): number[][] {
  const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  return vectors.map((vi, i) =>
    vectors.map((vj, j) => {
      if (i === j) return 1;
      const c = vi.reduce((s, x, k) => s + x * vj[k], 0) / (norms[i] * norms[j]);
      return Math.max(-1, Math.min(1, c));
    }),
  );
}
