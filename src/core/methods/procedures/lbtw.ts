/**
 * LBTW, loss-balanced task weighting (Liu et al., AAAI 2019), as MMoEEx's trainer uses it
 * (reference seed-systems §2.2): λ_k = clip((ℓ_k / ℓ_k^first)^α, 0.5, 1.5), where ℓ_k^first is
 * task k's loss on the first batch of the current epoch and α = 0.5 by default. A task whose loss
 * fell far below its epoch start gets less weight. Non-finite or non-positive ratios give λ = 1.
 */
export const LBTW_MIN = 0.5;
export const LBTW_MAX = 1.5;

export function lbtwWeights(
  losses: ArrayLike<number>,
  first: ArrayLike<number>,
  alpha: number,
): Float64Array {
  return Float64Array.from(losses, (l, k) => {
    const ratio = l / first[k];
    if (!Number.isFinite(ratio) || ratio <= 0) return 1;
    return Math.min(LBTW_MAX, Math.max(LBTW_MIN, ratio ** alpha));
  });
}

/** The per-run LBTW state: the first-batch losses of the current epoch, reset at each epoch start. */
export function createLbtw(
  tasks: number,
  alpha: number,
): (step: number, stepsPerEpoch: number, losses: Float64Array) => Float64Array {
  let first: Float64Array | null = null;
  let epoch = -1;
  return (step, stepsPerEpoch, losses) => {
    const current = Math.floor(step / Math.max(1, stepsPerEpoch));
    if (!first || current !== epoch) {
      first = Float64Array.from(losses);
      epoch = current;
    }
    if (losses.length !== tasks)
      throw new Error(`LBTW expects ${tasks} losses, got ${losses.length}`);
    return lbtwWeights(losses, first, alpha);
  };
}
