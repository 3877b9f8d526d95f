/**
 * CAGrad's dual on the simplex (reference §2.12):
 *   w* = argmin_{w ∈ Δ} F(w),  F(w) = wᵀG b + φ·√(wᵀGw + 1e-8),  b = 1/T,
 * which LibMTL solves with scipy SLSQP. F is convex; for T = 2 it is a 1-D convex function of
 * x = w_1 and golden-section search on [0, 1] is exact to rounding. For T > 2 we use projected
 * gradient with Armijo backtracking and an adaptive step, keeping the best iterate.
 */
import { dot, matVec, quadForm, trace } from './dense';
import { projectToSimplex } from './simplex';

export function cagradObjective(
  gram: Float64Array,
  n: number,
  phi: number,
  w: ArrayLike<number>,
): number {
  const gw = matVec(gram, n, w);
  return dot(gw, new Float64Array(n).fill(1 / n)) + phi * Math.sqrt(quadForm(gram, n, w) + 1e-8);
}

function goldenSection(f: (x: number) => number, lo: number, hi: number, iterations = 200): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let k = 0; k < iterations && b - a > 1e-15; k++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  // The ends are candidates too: the minimum of a convex function on [0,1] is often at a bound.
  const candidates = [lo, hi, 0.5 * (a + b)];
  return candidates.reduce((best, x) => (f(x) < f(best) ? x : best));
}

export function solveCagradDual(
  gram: Float64Array,
  n: number,
  phi: number,
  maxIter = 2000,
): Float64Array {
  const objective = (w: ArrayLike<number>) => cagradObjective(gram, n, phi, w);
  if (n === 1) return Float64Array.of(1);
  if (n === 2) {
    const x = goldenSection((v) => objective([v, 1 - v]), 0, 1);
    return Float64Array.of(x, 1 - x);
  }
  const b = new Float64Array(n).fill(1 / n);
  const gb = matVec(gram, n, b);
  const gradient = (w: Float64Array) => {
    const gw = matVec(gram, n, w);
    const norm = Math.sqrt(dot(w, gw) + 1e-8);
    return gb.map((v, i) => v + (phi * gw[i]) / norm);
  };
  let w: Float64Array = Float64Array.from(b);
  let fw = objective(w);
  let best = w;
  let fBest = fw;
  // Initial step ~ 1/Lipschitz; the trace bounds λ_max(G).
  let step =
    1 / (trace(gram, n) * (1 + phi / Math.sqrt(Math.max(quadForm(gram, n, w), 1e-16))) + 1e-300);
  let stalled = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    const grad = gradient(w);
    let next = w;
    let fNext = fw;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      next = projectToSimplex(w.map((v, i) => v - step * grad[i]));
      fNext = objective(next);
      let lin = 0;
      let dist2 = 0;
      for (let i = 0; i < n; i++) {
        const diff = next[i] - w[i];
        lin += grad[i] * diff;
        dist2 += diff * diff;
      }
      if (fNext <= fw + lin + dist2 / (2 * step) + 1e-15 * Math.abs(fw)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs(next[i] - w[i]);
    w = next;
    fw = fNext;
    // Near the optimum the iterates jitter at rounding level; stop once F stops improving.
    stalled = fw < fBest - 1e-15 * Math.abs(fBest) ? 0 : stalled + 1;
    if (fw < fBest) {
      fBest = fw;
      best = w;
    }
    if (change < 1e-14 || stalled >= 10) break;
    step *= 1.5;
  }
  return best;
}
