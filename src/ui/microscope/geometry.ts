/**
 * The plane (or 3-D space) the task gradients span, rebuilt from their Gram matrix alone.
 * With G = L Lᵀ (Cholesky, L lower-triangular), row i of L holds the coordinates of g_i in an
 * orthonormal basis of span{g_1..g_T} (Gram–Schmidt in task order), so lengths and angles are
 * exact: L_i · L_j = G_ij. A weighted update d = Σ w_i g_i has coordinates Σ w_i L_i.
 * Pure TypeScript, no DOM.
 */

export type Vector = number[];

/** G_ij = cos_ij · n_i · n_j, from the snapshot's cosines and norms. */
export function gramFromConflict(cosine: number[][], norms: number[]): number[][] {
  return norms.map((ni, i) => norms.map((nj, j) => cosine[i][j] * ni * nj));
}

/**
 * Lower-triangular L with L Lᵀ = G for a symmetric positive semi-definite G. A pivot that is
 * (numerically) zero means g_k lies in the span of the earlier gradients: its column is zero.
 */
export function choleskyRows(gram: number[][]): Vector[] {
  const T = gram.length;
  const trace = gram.reduce((s, row, i) => s + Math.abs(row[i]), 0);
  const tiny = 1e-12 * Math.max(trace, 1e-300);
  const L: Vector[] = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  for (let k = 0; k < T; k++) {
    let pivot = gram[k][k];
    for (let j = 0; j < k; j++) pivot -= L[k][j] ** 2;
    if (pivot <= tiny) continue;
    const lkk = Math.sqrt(pivot);
    L[k][k] = lkk;
    for (let i = k + 1; i < T; i++) {
      let s = gram[i][k];
      for (let j = 0; j < k; j++) s -= L[i][j] * L[k][j];
      L[i][k] = s / lkk;
    }
  }
  return L;
}

export const dot = (a: Vector, b: Vector): number => a.reduce((s, v, k) => s + v * b[k], 0);
export const norm = (a: Vector): number => Math.sqrt(dot(a, a));

export function combine(rows: Vector[], weights: ArrayLike<number>): Vector {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  rows.forEach((row, i) => row.forEach((v, k) => (out[k] += weights[i] * v)));
  return out;
}

function cosineOf(a: Vector, b: Vector): number {
  const d = norm(a) * norm(b);
  return d > 0 ? dot(a, b) / d : Number.NaN;
}

export interface DecisionGeometry {
  /** Coordinates of each task gradient (T-dimensional). */
  tasks: Vector[];
  /** Plain sum Σ g_i, for contrast. */
  sum: Vector;
  /** The method's update Σ w_i g_i; null when the method gave no weights. */
  update: Vector | null;
  /** cos(d, mean g): how far the update turned away from plain gradient descent. */
  cosUpdateMean: number;
  /** cos(g_i, d) per task; all ≥ 0 means the update conflicts with no task. */
  cosUpdateTask: number[];
}

export function decisionGeometry(
  cosine: number[][],
  norms: number[],
  weights: ArrayLike<number> | null,
): DecisionGeometry {
  const tasks = choleskyRows(gramFromConflict(cosine, norms));
  const sum = combine(
    tasks,
    tasks.map(() => 1),
  );
  const update = weights && weights.length === tasks.length ? combine(tasks, weights) : null;
  return {
    tasks,
    sum,
    update,
    cosUpdateMean: update ? cosineOf(update, sum) : Number.NaN,
    cosUpdateTask: tasks.map((g) => (update ? cosineOf(g, update) : Number.NaN)),
  };
}

export interface View {
  /** Rotation about the vertical axis, radians. */
  azimuth: number;
  /** Tilt towards the viewer, radians. */
  elevation: number;
}

/**
 * Screen coordinates (x right, y up) of a 1-, 2- or 3-D vector. 2-D vectors are drawn as they are;
 * 3-D ones are rotated by the view and projected orthographically.
 */
export function project(v: Vector, view: View): [number, number] {
  const [x = 0, y = 0, z = 0] = v;
  if (v.length < 3) return [x, y];
  const ca = Math.cos(view.azimuth);
  const sa = Math.sin(view.azimuth);
  const x1 = ca * x - sa * z;
  const z1 = sa * x + ca * z;
  const ce = Math.cos(view.elevation);
  const se = Math.sin(view.elevation);
  return [x1, ce * y - se * z1];
}
