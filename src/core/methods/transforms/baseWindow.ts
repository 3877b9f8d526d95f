/**
 * IGB's base losses ℓ_base (IGBv1 and IGBv2; reference seed-systems §1.1): the official trainer sets
 * them at the end of epoch `base_epoch` (0-based, default 1) to that epoch's mean training loss per
 * task. Here they are the mean of the batch losses seen during epochs [base_epoch, base_epoch +
 * base_epochs) (`base_epochs` = 1 is the official choice; a longer window is ours, for noisy short
 * runs), set at the first step after the window. Non-finite losses do not enter the mean.
 */
export interface BaseWindow {
  /** Feed the step's raw batch losses; returns ℓ_base once set, else null. */
  see(step: number, stepsPerEpoch: number, losses: ArrayLike<number>): Float64Array | null;
}

export function createBaseWindow(tasks: number, start: number, length: number): BaseWindow {
  const sum = new Float64Array(tasks);
  const count = new Float64Array(tasks);
  let base: Float64Array | null = null;
  return {
    see(step, stepsPerEpoch, losses) {
      const from = start * stepsPerEpoch;
      const to = (start + length) * stepsPerEpoch;
      if (!base && step >= to && count.some((c) => c > 0)) {
        base = sum.map((s, i) => (count[i] > 0 ? s / count[i] : 1));
      }
      if (!base && step >= from && step < to) {
        Array.from(losses).forEach((l, i) => {
          if (Number.isFinite(l)) {
            sum[i] += l;
            count[i] += 1;
          }
        });
      }
      return base;
    },
  };
}
