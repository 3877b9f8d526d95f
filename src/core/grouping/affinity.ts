/**
 * TAG's inter-task affinity (Fifty et al., NeurIPS 2021), the pure part: from one batch's losses
 * before and after each task's lookahead step, the η-normalised affinity of the official code
 * (`celeba/CelebA.ipynb`, train_step): Z_{i→j} = (1 − ℓ_j(θ_s + Δ_i) / ℓ_j(θ_s)) / η.
 *
 * Orientation (easy to get backwards): `z[i][j]` is the affinity OF task i's step ONTO task j:
 * positive when a step on task i's gradient (shared parameters only, heads unchanged) lowers task
 * j's loss on the same batch. The grouping search (search.ts) reads column j for the tasks that
 * serve j. In the small-step limit with plain SGD, Δ_i = −η g_i and
 * Z_{i→j} · ℓ_j → g_i · g_j (the Gram matrix the conflict view shows), with O(η) error.
 */

/** Row-major T×T affinity of one measured step; `after[i * T + j]` = ℓ_j after task i's step. */
export function lookaheadAffinity(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  learningRate: number,
): number[][] {
  const T = before.length;
  return Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) => {
      const l = before[j];
      const gain = l > 0 ? 1 - after[i * T + j] / l : 0;
      return gain / learningRate;
    }),
  );
}

/** One averaged affinity matrix at a step (the history of Ẑ). */
export interface AffinityPoint {
  step: number;
  /** Ẑ averaged over every measured step so far. */
  mean: number[][];
  /** The last measured step's Z (drift is visible here). */
  last: number[][];
}

export interface AffinityReport {
  tasks: number;
  /** Measured steps averaged into `mean`. */
  count: number;
  /** Ẑ_{i→j} = mean_t Z^t_{i→j} (row i acts, column j receives). */
  mean: number[][];
  history: AffinityPoint[];
}

/** Running sums ΣZ and the number of measured steps (TAG's state), with a bounded history. */
export class AffinityAccumulator {
  private readonly sum: Float64Array;
  private count = 0;
  private history: AffinityPoint[] = [];

  constructor(
    readonly tasks: number,
    private readonly maxHistory = 200,
  ) {
    this.sum = new Float64Array(tasks * tasks);
  }

  add(step: number, z: number[][]): void {
    const T = this.tasks;
    let finite = true;
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) finite &&= Number.isFinite(z[i][j]);
    // A diverged step would poison the average for the rest of training.
    if (!finite) return;
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) this.sum[i * T + j] += z[i][j];
    this.count++;
    this.history.push({ step, mean: this.mean(), last: z.map((r) => r.slice()) });
    if (this.history.length > this.maxHistory) {
      // Keep every other point: the history stays bounded and still spans all of training.
      this.history = this.history.filter((_, k) => k % 2 === 1);
    }
  }

  mean(): number[][] {
    const T = this.tasks;
    const n = Math.max(1, this.count);
    return Array.from({ length: T }, (_, i) =>
      Array.from({ length: T }, (_, j) => this.sum[i * T + j] / n),
    );
  }

  report(): AffinityReport {
    return { tasks: this.tasks, count: this.count, mean: this.mean(), history: this.history };
  }

  reset(): void {
    this.sum.fill(0);
    this.count = 0;
    this.history = [];
  }
}
