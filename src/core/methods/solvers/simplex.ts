/**
 * Euclidean projection onto the probability simplex {w >= 0, Σw = 1} by sorting (reference §3.1).
 */
export function projectToSimplex(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const u = Array.from(y).sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < n; k++) {
    cumulative += u[k];
    const candidate = (cumulative - 1) / (k + 1);
    // The last k (1-based k+1) with u_k > θ_k defines the threshold.
    if (u[k] - candidate > 0) theta = candidate;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(y[i] - theta, 0);
  return out;
}
