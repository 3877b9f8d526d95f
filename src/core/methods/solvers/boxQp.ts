/**
 * Box-constrained convex QP  min_v vᵀQv  s.t. v >= lower  (UPGrad's projections onto the dual
 * cone, reference §3.3), solved exactly by a primal active-set method in the style of
 * Lawson–Hanson NNLS. With x = v − lower >= 0 it is min ½xᵀQx + cᵀx with c = Q·lower; the free set
 * grows by the most violated multiplier and shrinks when an interpolation step hits a bound.
 * It terminates in finitely many steps for positive-definite Q (UPGrad adds reg_eps·I), and is
 * exact, unlike coordinate descent whose sweeps crawl when Q is ill-conditioned.
 */
import { choleskySolve } from './cholesky';
import { matVec } from './dense';

export function solveBoxQp(q: Float64Array, n: number, lower: ArrayLike<number>): Float64Array {
  const x = solveNonnegativeQp(q, n, matVec(q, n, lower));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = lower[i] + x[i];
  return v;
}

/** min ½xᵀQx + cᵀx s.t. x >= 0 (also used to polish MGDA's min-norm point). */
export function solveNonnegativeQp(
  q: Float64Array,
  n: number,
  c: ArrayLike<number>,
  maxIter = 50 * n + 50,
): Float64Array {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(q[i * n + i]), Math.abs(c[i]));
  const tol = 1e-13 * (scale || 1);
  const x = new Float64Array(n);
  const free = new Array<boolean>(n).fill(false);

  /** Solve the free block Q_FF z_F = −c_F (x_bound = 0), or null if singular. */
  const solveFree = (): Float64Array | null => {
    const idx = [...Array(n).keys()].filter((i) => free[i]);
    const m = idx.length;
    const sub = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      rhs[r] = -c[idx[r]];
      for (let s = 0; s < m; s++) sub[r * m + s] = q[idx[r] * n + idx[s]];
    }
    const sol = choleskySolve(sub, m, rhs);
    if (!sol) return null;
    const z = new Float64Array(n);
    idx.forEach((i, r) => (z[i] = sol[r]));
    return z;
  };

  for (let outer = 0; outer < maxIter; outer++) {
    // Multipliers of the bound constraints: −∇ = −(Qx + c); positive means "wants to leave 0".
    const grad = matVec(q, n, x);
    let enter = -1;
    let worst = tol;
    for (let i = 0; i < n; i++) {
      const w = -(grad[i] + c[i]);
      if (!free[i] && w > worst) {
        worst = w;
        enter = i;
      }
    }
    if (enter < 0) break;
    free[enter] = true;

    for (let inner = 0; inner < maxIter; inner++) {
      const z = solveFree();
      if (!z) {
        free[enter] = false;
        break;
      }
      let allPositive = true;
      for (let i = 0; i < n; i++) if (free[i] && z[i] <= 0) allPositive = false;
      if (allPositive) {
        x.set(z);
        break;
      }
      // Walk from x toward z until the first free coordinate reaches its bound.
      let step = 1;
      for (let i = 0; i < n; i++) {
        if (free[i] && z[i] <= 0) step = Math.min(step, x[i] / (x[i] - z[i]));
      }
      for (let i = 0; i < n; i++) {
        x[i] += step * (z[i] - x[i]);
        if (free[i] && x[i] <= tol) {
          free[i] = false;
          x[i] = 0;
        }
      }
    }
  }
  return x.map((v) => Math.max(v, 0));
}
