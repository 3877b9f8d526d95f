/**
 * Damped Newton for the "proportional fairness" systems of Nash-MTL and FairGrad
 * (reference §2.13, §2.19, §3.5): find w > 0 with (Gw)_i = w_i^(−1/a).
 *
 * It is the stationarity condition of the convex potential Φ(w) = ½wᵀGw − Σ h(w_i) with
 * h'(w) = w^(−1/a) (h = log for a = 1, Nash-MTL). The Hessian G + diag((1/a) w^(−1/a−1)) is
 * positive definite for w > 0, so Newton with backtracking (stay positive, Armijo) converges
 * globally and quadratically near the solution, replacing cvxpy/ECOS and scipy least_squares.
 *
 * Conditioning: the system is solved on G' = G/s with s = tr(G)/T and mapped back with
 * w = s^(−a/(a+1)) w' (from s·k = k^(−1/a)). When some nonnegative combination of gradients
 * vanishes (exactly opposite gradients) no solution exists; a ridge ε·I on G' then restores one,
 * with large (≈ ε^(−1/2) for Nash) but finite weights.
 */
import { cholesky, choleskySolveFactor } from './cholesky';
import { matVec, trace } from './dense';

export interface FairPotentialOptions {
  /** FairGrad's α_F; 1 gives Nash-MTL. */
  alpha: number;
  /** Warm start in the original (unnormalised) units; ignored unless finite and positive. */
  init?: Float64Array | null;
  maxIter?: number;
  /** Ridge added to the trace-normalised Gram matrix when no exact solution exists. */
  ridge?: number;
}

export interface FairPotentialResult {
  weights: Float64Array;
  /** max_i |(Gw)_i − w_i^(−1/a)| / w_i^(−1/a) in normalised units at the end. */
  residual: number;
  iterations: number;
}

/**
 * Solves without a ridge first (exact answer); only if that does not converge (no solution exists:
 * w runs off to infinity) is it re-solved with the ridge, which always has a solution.
 */
export function solveFairPotential(
  gram: Float64Array,
  n: number,
  options: FairPotentialOptions,
): FairPotentialResult {
  const exact = solveWithRidge(gram, n, options, 0);
  if (exact.residual < 1e-9 && exact.weights.every((v) => Number.isFinite(v) && v > 0))
    return exact;
  return solveWithRidge(gram, n, options, options.ridge ?? 1e-10);
}

function solveWithRidge(
  gram: Float64Array,
  n: number,
  options: FairPotentialOptions,
  ridge: number,
): FairPotentialResult {
  const a = options.alpha;
  const maxIter = options.maxIter ?? 100;
  const s = trace(gram, n) / n;
  if (!(s > 0)) return { weights: new Float64Array(n).fill(1), residual: 0, iterations: 0 };
  const g = gram.map((v) => v / s);
  for (let i = 0; i < n; i++) g[i * n + i] += ridge;
  const toOriginal = Math.pow(s, -a / (a + 1));

  const hPrime = (w: number) => Math.pow(w, -1 / a);
  const h = (w: number) => (a === 1 ? Math.log(w) : Math.pow(w, 1 - 1 / a) / (1 - 1 / a));
  const potential = (w: Float64Array) => {
    const gw = matVec(g, n, w);
    let phi = 0;
    for (let i = 0; i < n; i++) phi += 0.5 * w[i] * gw[i] - h(w[i]);
    return phi;
  };

  let w: Float64Array = new Float64Array(n);
  const init = options.init;
  if (init && init.length === n && init.every((v) => Number.isFinite(v) && v > 0)) {
    for (let i = 0; i < n; i++) w[i] = init[i] / toOriginal;
  } else {
    // Exact when the gradients are orthogonal: g'_ii w_i = w_i^(−1/a).
    for (let i = 0; i < n; i++) w[i] = Math.pow(Math.max(g[i * n + i], 1e-12), -a / (a + 1));
  }

  let residual = Infinity;
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    const gw = matVec(g, n, w);
    const grad = new Float64Array(n);
    residual = 0;
    for (let i = 0; i < n; i++) {
      grad[i] = gw[i] - hPrime(w[i]);
      residual = Math.max(residual, Math.abs(grad[i]) / hPrime(w[i]));
    }
    if (residual < 1e-13) break;
    const hess = Float64Array.from(g);
    for (let i = 0; i < n; i++) hess[i * n + i] += (1 / a) * Math.pow(w[i], -1 / a - 1);
    const l = cholesky(hess, n);
    if (!l) break;
    const step = choleskySolveFactor(l, n, grad).map((v) => -v);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += grad[i] * step[i];
    let t = 1;
    for (let i = 0; i < n; i++) if (step[i] < 0) t = Math.min(t, (-0.99 * w[i]) / step[i]);
    const phi0 = potential(w);
    let next = w.map((v, i) => v + t * step[i]);
    // Near the solution (tiny Newton decrement) Φ changes below rounding, so Armijo cannot be
    // tested; the full step is then in Newton's quadratic region and is taken as is.
    const nearSolution = -slope < 1e-10;
    for (let k = 0; k < 60 && !nearSolution && !(potential(next) <= phi0 + 1e-4 * t * slope); k++) {
      t *= 0.5;
      next = w.map((v, i) => v + t * step[i]);
    }
    if (next.every((v, i) => v === w[i])) break;
    w = next;
  }
  return { weights: w.map((v) => v * toOriginal), residual, iterations };
}
