/**
 * Labels of MultiTab-Bench (reference §1.3 step 5) and the MTL Lab extensions built on them:
 * thresholded classification tasks and partially labelled tasks.
 */
import { permutation, type Rng } from './random';

/**
 * Latent score of every task, per task a Float64Array over rows:
 * s_i = Σ_{k=1..d_i} z_i^k + σ_i ε_i with z_i = x · w_i over the first `informative` columns.
 * The noise is drawn task by task, row by row, as in the reference. The scores are computed
 * from the float32 features actually stored, so labels and stored features agree exactly.
 */
export function latentScores(
  x: Float32Array,
  rows: number,
  columns: number,
  weights: number[][],
  degrees: number[],
  noise: number[],
  noiseRng: Rng,
): Float64Array[] {
  const informative = weights[0]?.length ?? 0;
  const scores = weights.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    weights.forEach((w, t) => {
      let z = 0;
      for (let k = 0; k < informative; k++) z += x[base + k] * w[k];
      // Running power: z + z^2 + ... + z^d.
      let power = z;
      let sum = z;
      for (let k = 2; k <= degrees[t]; k++) {
        power *= z;
        sum += power;
      }
      scores[t][r] = sum;
    });
  }
  scores.forEach((s, t) => {
    const sigma = noise[t];
    for (let r = 0; r < rows; r++) s[r] += sigma * noiseRng.normal();
  });
  return scores;
}

/**
 * Cut points that put the given fractions of `values` below them. A cut sits halfway between
 * two neighbouring sorted values, so on these values the split is exact: with q the fraction,
 * exactly round(n·q) values fall below. Quantiles must be increasing in (0, 1).
 */
export function quantileCuts(values: Float64Array, quantiles: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return quantiles.map((q) => {
    const below = Math.min(n - 1, Math.max(1, Math.round(n * q)));
    return (sorted[below - 1] + sorted[below]) / 2;
  });
}

/** Class index = number of cuts the score exceeds (0..cuts.length). */
export function classOf(score: number, cuts: number[]): number {
  let cls = 0;
  for (const cut of cuts) if (score > cut) cls++;
  return cls;
}

/** Cuts for a binary task: the top `positiveRate` of training scores are positive. */
export function binaryCuts(trainScores: Float64Array, positiveRate: number): number[] {
  return quantileCuts(trainScores, [1 - positiveRate]);
}

/** Cuts for C equally frequent classes on the training scores. */
export function multiclassCuts(trainScores: Float64Array, classes: number): number[] {
  return quantileCuts(
    trainScores,
    Array.from({ length: classes - 1 }, (_, k) => (k + 1) / classes),
  );
}

/**
 * Which rows carry a task's label: exactly max(1, round(rows·fraction)) rows chosen uniformly
 * at random (an exact count rather than independent coin flips, so a "10 % labelled" task has
 * 10 % of the rows, not 10 % ± sampling noise). Returns 1 = labelled.
 */
export function labelledRows(rows: number, fraction: number, rng: Rng): Uint8Array {
  const mask = new Uint8Array(rows);
  if (fraction >= 1) return mask.fill(1);
  const count = Math.min(rows, Math.max(1, Math.round(rows * fraction)));
  const order = permutation(rows, rng);
  for (let i = 0; i < count; i++) mask[order[i]] = 1;
  return mask;
}
