/**
 * STG-MTL's task clustering (`datamap_task_clustering.py`, DatamapTaskClustering.cluster): memberships
 * U ∈ R^{T×C} (rows sum to 1) from each task's data-map feature vector. Modes:
 *   fuzzy-from-kmeans (default): k-means, then u_{t,c} = d_{t,c}^{−2/(m−1)} / Σ_c' d_{t,c'}^{−2/(m−1)}
 *     with Euclidean d + 1e-10 to the k-means centroids, m = 1.07 (nearly hard);
 *   fuzzy-cmeans: iterative fuzzy c-means (stop when memberships move less than eps = 0.01);
 *   hard-kmeans: one-hot k-means labels;
 *   point-based: k-means on the 2-D (confidence, variability) points of all tasks; a task's
 *     membership is the fraction of its points in each cluster.
 * k-means: k-means++ seeding, Lloyd iterations (max 300), best of 10 seeded restarts by inertia
 * (scikit-learn's classic n_init = 10), so results are deterministic for a seed.
 */
import { createRandom } from '../model/random';

export const CLUSTER_MODES = [
  'fuzzy-from-kmeans',
  'fuzzy-cmeans',
  'hard-kmeans',
  'point-based',
] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];

export const DEFAULT_FUZZINESS = 1.07;

const sqDist = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return s;
};

export interface KMeansResult {
  centroids: number[][];
  labels: number[];
  inertia: number;
}

function kmeansOnce(
  points: number[][],
  k: number,
  random: () => number,
  maxIter: number,
): KMeansResult {
  const n = points.length;
  const centroids: number[][] = [points[Math.floor(random() * n)].slice()];
  const d2 = points.map((p) => sqDist(p, centroids[0]));
  while (centroids.length < k) {
    const total = d2.reduce((a, b) => a + b, 0);
    let pick = 0;
    if (total > 0) {
      let r = random() * total;
      while (pick < n - 1 && (r -= d2[pick]) > 0) pick++;
    } else pick = Math.floor(random() * n);
    centroids.push(points[pick].slice());
    points.forEach((p, i) => (d2[i] = Math.min(d2[i], sqDist(p, centroids[centroids.length - 1]))));
  }
  const labels = new Array<number>(n).fill(-1);
  for (let iter = 0; iter < maxIter; iter++) {
    let moved = false;
    points.forEach((p, i) => {
      let best = 0;
      let bestD = Infinity;
      centroids.forEach((c, j) => {
        const d = sqDist(p, c);
        if (d < bestD) [best, bestD] = [j, d];
      });
      if (labels[i] !== best) [labels[i], moved] = [best, true];
    });
    if (!moved) break;
    centroids.forEach((c, j) => {
      const mine = points.filter((_, i) => labels[i] === j);
      if (!mine.length) return; // an empty cluster keeps its centroid
      for (let f = 0; f < c.length; f++) c[f] = mine.reduce((a, p) => a + p[f], 0) / mine.length;
    });
  }
  const inertia = points.reduce((a, p, i) => a + sqDist(p, centroids[labels[i]]), 0);
  return { centroids, labels, inertia };
}

/** Seeded k-means (k-means++ init, best of `restarts` by inertia). */
export function kmeans(
  points: number[][],
  k: number,
  seed = 0,
  restarts = 10,
  maxIter = 300,
): KMeansResult {
  if (k < 1 || k > points.length) {
    throw new Error(`k-means needs 1 ≤ clusters ≤ ${points.length} points, got ${k}`);
  }
  const random = createRandom(seed);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const result = kmeansOnce(points, k, random, maxIter);
    if (!best || result.inertia < best.inertia - 1e-12) best = result;
  }
  return best as KMeansResult;
}

/** u_{t,c} ∝ (d_{t,c} + 1e-10)^{−2/(m−1)}, computed in log space (the exponent is ≈ −28.6 at m = 1.07). */
export function fuzzyMemberships(
  points: number[][],
  centroids: number[][],
  m = DEFAULT_FUZZINESS,
): number[][] {
  if (!(m > 1)) throw new Error(`the fuzziness m must be greater than 1, got ${m}`);
  const p = 2 / (m - 1);
  return points.map((x) => {
    const logs = centroids.map((c) => -p * Math.log(Math.sqrt(sqDist(x, c)) + 1e-10));
    const top = Math.max(...logs);
    const w = logs.map((l) => Math.exp(l - top));
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });
}

/** Iterative fuzzy c-means from seeded random memberships; stops when no membership moves ≥ eps. */
export function fuzzyCMeans(
  points: number[][],
  C: number,
  m = DEFAULT_FUZZINESS,
  seed = 0,
  eps = 0.01,
  maxIter = 300,
): number[][] {
  const random = createRandom(seed);
  let u = points.map(() => {
    const r = Array.from({ length: C }, () => random() + 1e-3);
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / s);
  });
  for (let iter = 0; iter < maxIter; iter++) {
    const centroids = Array.from({ length: C }, (_, c) => {
      const w = u.map((row) => row[c] ** m);
      const total = w.reduce((a, b) => a + b, 0) || 1;
      return points[0].map((_, f) => points.reduce((a, x, i) => a + w[i] * x[f], 0) / total);
    });
    const next = fuzzyMemberships(points, centroids, m);
    const change = Math.max(...next.flatMap((row, i) => row.map((v, c) => Math.abs(v - u[i][c]))));
    u = next;
    if (change < eps) break;
  }
  return u;
}

export interface ClusterArgs {
  /** One feature vector per task (task-based modes). */
  features: number[][];
  /** Per task, its 2-D (confidence, variability) points (point-based mode). */
  points?: number[][][];
  clusters: number;
  mode?: ClusterMode;
  fuzziness?: number;
  seed?: number;
}

/** Memberships U [T][C] by the chosen mode (rows sum to 1). */
export function clusterTasks(args: ClusterArgs): number[][] {
  const { features, clusters: C } = args;
  const mode = args.mode ?? 'fuzzy-from-kmeans';
  const m = args.fuzziness ?? DEFAULT_FUZZINESS;
  const seed = args.seed ?? 0;
  if (mode === 'point-based') {
    const perTask = args.points;
    if (!perTask) throw new Error('point-based clustering needs the data-map points');
    const all = perTask.flat();
    const { labels } = kmeans(all, C, seed);
    let at = 0;
    return perTask.map((pts) => {
      const counts = new Array<number>(C).fill(0);
      for (let k = 0; k < pts.length; k++) counts[labels[at++]]++;
      return counts.map((c) => c / Math.max(1, pts.length));
    });
  }
  if (mode === 'fuzzy-cmeans') return fuzzyCMeans(features, C, m, seed);
  const { centroids, labels } = kmeans(features, C, seed);
  if (mode === 'hard-kmeans')
    return labels.map((l) => Array.from({ length: C }, (_, c) => (c === l ? 1 : 0)));
  return fuzzyMemberships(features, centroids, m);
}

/** The hard grouping a membership matrix implies: each task in its largest-membership cluster. */
export function hardGroups(U: number[][]): number[][] {
  const C = U[0]?.length ?? 0;
  const groups = Array.from({ length: C }, () => [] as number[]);
  U.forEach((row, t) => groups[row.indexOf(Math.max(...row))].push(t));
  return groups.filter((g) => g.length > 0);
}

/** Euclidean distances between task feature vectors (the STG heatmap beside TAG's Ẑ). */
export function featureDistances(features: number[][]): number[][] {
  return features.map((a) => features.map((b) => Math.sqrt(sqDist(a, b))));
}
