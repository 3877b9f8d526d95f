/**
 * Min-norm point of the convex hull of the task gradients, from their Gram matrix only:
 * α* = argmin_{α ∈ simplex} αᵀGα (MGDA, reference §2.7 and §3.2).
 *
 * Follows LibMTL's `find_min_norm_element`: the best pair in closed form, then projected gradient
 * steps with an exact line search. Two deliberate differences, both so that the result satisfies
 * the KKT conditions tightly (the tests check them to 1e-6):
 *  - the pair formula clips to exactly 0/1 instead of LibMTL's 0.001/0.999;
 *  - after the iterations, an exact active-set solve (below) replaces the iterate when it is at
 *    least as good: LibMTL's 250 projected-gradient steps can stop ~1e-3 short of optimal.
 */
import { solveNonnegativeQp } from './boxQp';
import { bilinear, matVec, quadForm } from './dense';
import { projectToSimplex } from './simplex';

export interface PairSolution {
  /** Weight on the first vector; the second gets 1 − gamma. */
  gamma: number;
  /** Squared norm of the combination. */
  cost: number;
}

/** min_γ∈[0,1] ‖γ v1 + (1−γ) v2‖² from v1·v1, v1·v2, v2·v2. */
export function minNormPair(v1v1: number, v1v2: number, v2v2: number): PairSolution {
  if (v1v2 >= v1v1) return { gamma: 1, cost: v1v1 };
  if (v1v2 >= v2v2) return { gamma: 0, cost: v2v2 };
  const gamma = (v2v2 - v1v2) / (v1v1 + v2v2 - 2 * v1v2);
  return { gamma, cost: v2v2 + gamma * (v1v2 - v2v2) };
}

/** LibMTL's step: the largest step along the centred gradient that stays in the box, projected. */
function nextPoint(alpha: Float64Array, grad: Float64Array): Float64Array {
  const n = alpha.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += grad[i] / n;
  const proj = grad.map((g) => g - mean);
  let t = Infinity;
  for (let i = 0; i < n; i++) {
    let candidate = Infinity;
    if (proj[i] < 0) candidate = -alpha[i] / proj[i];
    else if (proj[i] > 0) candidate = (1 - alpha[i]) / proj[i];
    if (candidate > 1e-7 && candidate < t) t = candidate;
  }
  if (!Number.isFinite(t)) t = 1;
  return projectToSimplex(alpha.map((a, i) => a + t * proj[i]));
}

/**
 * Exact polish: x* = argmin_{x>=0} ½xᵀGx − 1ᵀx satisfies (Gx)_i = 1 on its support and >= 1
 * elsewhere, so α = x/Σx meets MGDA's KKT conditions with αᵀGα = 1/Σx. Only defined when the
 * min-norm point is non-zero; callers keep the iterative answer if this one is not better.
 */
function activeSetPolish(gram: Float64Array, n: number): Float64Array | null {
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, gram[i * n + i]);
  if (!(largest > 0)) return null;
  // Tiny ridge so the free blocks stay factorable when gradients are linearly dependent.
  const g = gram.map((v) => v / largest);
  for (let i = 0; i < n; i++) g[i * n + i] += 1e-13;
  const x = solveNonnegativeQp(g, n, new Float64Array(n).fill(-1));
  const total = x.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !Number.isFinite(total)) return null;
  return x.map((v) => v / total);
}

export interface MinNormOptions {
  maxIter?: number;
  /** Stop when Σ|Δα| falls below this (LibMTL: 1e-5; the exact polish follows anyway). */
  tol?: number;
}

export function minNormPoint(
  gram: Float64Array,
  n: number,
  options: MinNormOptions = {},
): Float64Array {
  const maxIter = options.maxIter ?? 250;
  const tol = options.tol ?? 1e-5;
  if (n === 1) return Float64Array.of(1);

  // Best pair.
  let best = { i: 0, j: 1, gamma: 1, cost: Infinity };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = minNormPair(gram[i * n + i], gram[i * n + j], gram[j * n + j]);
      if (p.cost < best.cost) best = { i, j, gamma: p.gamma, cost: p.cost };
    }
  }
  let alpha: Float64Array = new Float64Array(n);
  alpha[best.i] = best.gamma;
  alpha[best.j] = 1 - best.gamma;
  if (n === 2) return alpha;

  for (let iter = 0; iter < maxIter; iter++) {
    const grad = matVec(gram, n, alpha).map((v) => -v);
    const candidate = nextPoint(alpha, grad);
    const pair = minNormPair(
      quadForm(gram, n, alpha),
      bilinear(gram, n, alpha, candidate),
      quadForm(gram, n, candidate),
    );
    const next = alpha.map((a, i) => pair.gamma * a + (1 - pair.gamma) * candidate[i]);
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs(next[i] - alpha[i]);
    alpha = next;
    if (change < tol) break;
  }

  const polished = activeSetPolish(gram, n);
  if (polished && quadForm(gram, n, polished) <= quadForm(gram, n, alpha) * (1 + 1e-12) + 1e-300) {
    return polished;
  }
  return alpha;
}
