/**
 * Which backward the threads run together with the next forward, so that a step wakes them once
 * instead of twice (threads.ts). The guess is the last step's backward: the per-task one (it
 * needs nothing from the host), or the weighted one with the same loss weights (equal weighting
 * and any method whose weights do not move). A forward whose backward does not match costs its
 * backward once more; guessing stops for the run when the weights change between steps or when
 * forwards come twice per step (methods that read the losses after the update), the two patterns
 * where a guess would keep missing.
 */
export type GuessMode = 'weighted' | 'per-task';

export class BackwardGuess {
  private last: GuessMode | null = null;
  private readonly lastWeights: Float64Array;
  private pending: GuessMode | null = null;
  private forwards = 0;
  private enabled = true;

  constructor(private readonly tasks: number) {
    this.lastWeights = new Float64Array(tasks);
  }

  /** At a training forward: the backward to run with it (weights: `weights`), or null. */
  atForward(): GuessMode | null {
    this.forwards += 1;
    if (this.forwards > 1) this.enabled = false;
    this.pending = this.enabled ? this.last : null;
    return this.pending;
  }

  /** The loss weights of a weighted guess. */
  get weights(): Float64Array {
    return this.lastWeights;
  }

  /**
   * At a backward: whether the forward already ran it (`ran` says which backward the forward
   * ran, if any, for a backward that has to be run again).
   */
  atBackward(
    mode: GuessMode | 'representation',
    weights?: ArrayLike<number>,
  ): { hit: boolean; ran: GuessMode | null } {
    const ran = this.pending;
    this.pending = null;
    this.forwards = 0;
    const same = mode === 'per-task' || (weights !== undefined && this.sameWeights(weights));
    const hit = ran !== null && ran === mode && same;
    if (ran === mode && !same) this.enabled = false;
    if (mode === 'representation') this.last = null;
    else {
      this.last = mode;
      if (weights) for (let t = 0; t < this.tasks; t++) this.lastWeights[t] = weights[t];
    }
    return { hit, ran };
  }

  private sameWeights(w: ArrayLike<number>): boolean {
    for (let t = 0; t < this.tasks; t++) if (w[t] !== this.lastWeights[t]) return false;
    return true;
  }
}
