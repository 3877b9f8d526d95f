/**
 * IGBv2's replay buffer (the official RandomBuffer): a ring of at most `capacity` transitions
 * (state, action, reward, next state); once full, the oldest is overwritten. A minibatch draws
 * indices uniformly with replacement from the stored ones (torch.randint in the official code;
 * here the run's seeded generator).
 */

export interface Minibatch {
  rows: number;
  states: Float64Array;
  actions: Float64Array;
  rewards: Float64Array;
  next: Float64Array;
}

export class ReplayBuffer {
  private readonly states: Float64Array;
  private readonly actions: Float64Array;
  private readonly rewards: Float64Array;
  private readonly next: Float64Array;
  private pointer = 0;
  size = 0;

  constructor(
    readonly capacity: number,
    private readonly stateDim: number,
    private readonly actionDim: number,
  ) {
    this.states = new Float64Array(capacity * stateDim);
    this.actions = new Float64Array(capacity * actionDim);
    this.rewards = new Float64Array(capacity);
    this.next = new Float64Array(capacity * stateDim);
  }

  add(
    state: ArrayLike<number>,
    action: ArrayLike<number>,
    reward: number,
    next: ArrayLike<number>,
  ) {
    const k = this.pointer;
    this.states.set(state, k * this.stateDim);
    this.actions.set(action, k * this.actionDim);
    this.rewards[k] = reward;
    this.next.set(next, k * this.stateDim);
    this.pointer = (k + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Transition k (0 = the slot written first while the ring has not wrapped). */
  at(k: number): { state: number[]; action: number[]; reward: number; next: number[] } {
    const s = this.stateDim;
    const a = this.actionDim;
    return {
      state: Array.from(this.states.subarray(k * s, (k + 1) * s)),
      action: Array.from(this.actions.subarray(k * a, (k + 1) * a)),
      reward: this.rewards[k],
      next: Array.from(this.next.subarray(k * s, (k + 1) * s)),
    };
  }

  sample(rows: number, random: () => number): Minibatch {
    if (this.size === 0) throw new Error('the replay buffer is empty');
    const s = this.stateDim;
    const a = this.actionDim;
    const out: Minibatch = {
      rows,
      states: new Float64Array(rows * s),
      actions: new Float64Array(rows * a),
      rewards: new Float64Array(rows),
      next: new Float64Array(rows * s),
    };
    for (let r = 0; r < rows; r++) {
      const k = Math.min(this.size - 1, Math.floor(random() * this.size));
      out.states.set(this.states.subarray(k * s, (k + 1) * s), r * s);
      out.actions.set(this.actions.subarray(k * a, (k + 1) * a), r * a);
      out.rewards[r] = this.rewards[k];
      out.next.set(this.next.subarray(k * s, (k + 1) * s), r * s);
    }
    return out;
  }
}
