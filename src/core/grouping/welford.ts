/**
 * Welford's running mean and variance for many values at once (one accumulator per element), as
 * STG-MTL's DataMapRecorder keeps them: count, mean, M2. The std is the sample std
 * √(M2 / (count − 1)), NaN while count < 2 (undefined, not 0). A NaN input is skipped, so an
 * unlabelled sample simply has fewer observations.
 */
export class Welford {
  readonly count: Uint32Array;
  readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(readonly size: number) {
    this.count = new Uint32Array(size);
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }

  /** Add one observation per element (NaN: no observation for that element). */
  add(values: ArrayLike<number>): void {
    if (values.length !== this.size) {
      throw new Error(`Welford expects ${this.size} values, got ${values.length}`);
    }
    for (let i = 0; i < this.size; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) continue;
      const n = ++this.count[i];
      const delta = x - this.mean[i];
      this.mean[i] += delta / n;
      this.m2[i] += delta * (x - this.mean[i]);
    }
  }

  /** Sample standard deviation per element (ddof = 1); NaN where fewer than 2 observations. */
  std(): Float64Array {
    return Float64Array.from(this.m2, (m2, i) =>
      this.count[i] > 1 ? Math.sqrt(m2 / (this.count[i] - 1)) : NaN,
    );
  }

  /** Mean per element; NaN where nothing was observed. */
  means(): Float64Array {
    return Float64Array.from(this.mean, (m, i) => (this.count[i] > 0 ? m : NaN));
  }
}
