/**
 * Adam for the few learned weighting parameters (UW's log-variances, GradNorm's and IMTL-L's
 * scales, FAMO's logits). LibMTL trains them with the model's own Adam and weight decay 1e-5;
 * PyTorch's Adam couples weight decay as an L2 term added to the gradient, and so do we.
 */
export class VectorAdam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly lr: number,
    private readonly weightDecay = 0,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** Updates `params` in place with gradient `grad` (minimisation). */
  step(params: Float64Array, grad: ArrayLike<number>): void {
    this.t += 1;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] + this.weightDecay * params[i];
      // A non-finite loss must not poison the weighting state for the rest of the run.
      if (!Number.isFinite(g)) continue;
      this.m[i] = this.beta1 * this.m[i] + (1 - this.beta1) * g;
      this.v[i] = this.beta2 * this.v[i] + (1 - this.beta2) * g * g;
      params[i] -= (this.lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + this.eps);
    }
  }
}
