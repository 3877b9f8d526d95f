/**
 * The optimizer interface of the engine and its Adam implementation over every variable.
 * `apply` always receives gradients for the full, fixed variable list in the same order (tfjs
 * optimizers key their slots by position; see the tfjs-webgpu reference §4.3). A fused WebGPU
 * Adam kernel over packed buffers can replace AdamOptimizer behind the same interface.
 */
import { tf } from '../tf';
import type { PackedRef, PackedSource } from '../engines/webgpu/packedDense';

/**
 * One gradient-method update in combined form: the shared parameters get d = Σ_r weights[r]·J[r]
 * (J [R, P] in the engine's shared order), each task-specific parameter t-block headWeights[t]
 * times its own gradient. An optimizer that implements `applyCombined` can fuse the combination
 * into its update (one WebGPU program); the engine then never materialises d.
 */
export interface CombinedUpdate {
  /** Task Jacobian [T, P] (or a method's direction as [1, P]); null when there are no shared parameters. */
  J: tf.Tensor2D | null;
  weights: readonly number[];
  headWeights: readonly number[];
  /** Gradients of the task-specific parameters [T, ...], in the model's taskIndex order. */
  heads: tf.Tensor[];
}

/** Parameters read in place from a packed optimizer state, with their gradient slots. */
export interface PackedForward {
  source: PackedSource;
  /** Where each parameter (by spec name) lives. */
  refs: ReadonlyMap<string, PackedRef>;
  /** Index of the shared slot [C, Ps] in source.slots, or -1 (no shared parameters). */
  sharedSlot: number;
  /** Index of the slot [1, n - Ps] of every other parameter, or -1. */
  restSlot: number;
}

/**
 * Training straight on a packed state (the fused WebGPU Adam): the forward reads the parameters
 * from the state, tf.grads w.r.t. the slots gives packed gradients, and the update never writes
 * the variables back; `writeBack()` does, on demand (ModelState.setRefresh).
 */
export interface PackedTraining {
  /** The packed source with shared copies C (1 for one forward, T for the replicated trick). */
  forward(copies: number): PackedForward;
  /** A device vector kept between steps; uploaded again only when the values change. */
  constant(values: ArrayLike<number>): tf.Tensor1D;
  /** Adam from slot gradients (shared [1, Ps] and rest [1, n - Ps]; null where absent). */
  applySlots(shared: tf.Tensor | null, rest: tf.Tensor | null): void;
  /** Combine + Adam; `update.heads` is the rest slot gradient alone (or empty). */
  applyCombinedSlots(update: CombinedUpdate): void;
  writeBack(): void;
}

export interface Optimizer {
  /** Number of updates applied so far. */
  readonly updates: number;
  /** Apply one update; grads[i] belongs to the i-th variable given at construction. Call in tf.tidy. */
  apply(grads: tf.Tensor[]): void;
  /** Optional fused form of a gradient-method update (see CombinedUpdate). Call in tf.tidy. */
  applyCombined?(update: CombinedUpdate): void;
  /** Present when the optimizer can train on its packed state directly (webgpu). */
  readonly packed?: PackedTraining;
  /**
   * The shared-parameter change each row of J [R, P] (gradients on the flat shared parameters,
   * in `sharedIndex` order) would make as this optimizer's NEXT update, without applying it
   * (TAG's lookahead with the optimizer's own rule, src/core/grouping). Call in tf.tidy.
   */
  previewShared?(J: tf.Tensor2D, sharedIndex: readonly number[]): tf.Tensor2D;
  /** Forget the moment estimates (after importing weights). */
  reset(): void;
  /** Use this learning rate from the next update on; moments and update count stay (live settings). */
  setLearningRate(learningRate: number): void;
  /** The update count and moments per variable (one readback), to carry a run to another backend. */
  exportMoments(): Promise<AdamMoments>;
  /** Continue from exported moments (same variables, same order); the variables stay as they are. */
  importMoments(moments: AdamMoments): void;
  dispose(): void;
}

/** Adam's state apart from the parameters: backend-free, so a run can move between backends. */
export interface AdamMoments {
  updates: number;
  /** First and second moments per variable, flattened, in the optimizer's variable order. */
  m: Float32Array[];
  v: Float32Array[];
}

/** The next Adam step of every row of J from moments m, v [P] after `updates` updates (PyTorch Adam). */
export function adamPreview(
  J: tf.Tensor2D,
  m: tf.Tensor,
  v: tf.Tensor,
  updates: number,
  options: Required<AdamOptions>,
): tf.Tensor2D {
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = options;
  const t = updates + 1;
  const m1 = tf.add(tf.mul(tf.reshape(m, [1, -1]), b1), tf.mul(J, 1 - b1));
  const v1 = tf.add(tf.mul(tf.reshape(v, [1, -1]), b2), tf.mul(tf.square(J), 1 - b2));
  const denom = tf.add(tf.mul(tf.sqrt(v1), 1 / Math.sqrt(1 - b2 ** t)), eps);
  return tf.mul(tf.div(m1, denom), -lr / (1 - b1 ** t)) as tf.Tensor2D;
}

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam as in PyTorch: p -= lr * m_hat / (sqrt(v_hat) + eps), moments bias-corrected. */
export class AdamOptimizer implements Optimizer {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(
    private readonly variables: tf.Variable[],
    options: AdamOptions,
  ) {
    this.lr = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.epsilon ?? 1e-8;
    this.m = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
    this.v = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  get updates(): number {
    return this.t;
  }

  apply(grads: tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`optimizer expects ${this.variables.length} gradients, got ${grads.length}`);
    }
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const stepSize = this.lr / (1 - b1 ** this.t);
    const vScale = 1 / Math.sqrt(1 - b2 ** this.t);
    grads.forEach((g, i) => {
      const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
      const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
      const denom = tf.add(tf.mul(tf.sqrt(v), vScale), this.eps);
      this.variables[i].assign(tf.sub(this.variables[i], tf.mul(tf.div(m, denom), stepSize)));
      this.m[i].assign(m);
      this.v[i].assign(v);
    });
  }

  previewShared(J: tf.Tensor2D, sharedIndex: readonly number[]): tf.Tensor2D {
    const flat = (list: tf.Variable[]) =>
      tf.concat(sharedIndex.map((i) => tf.reshape(list[i], [-1])));
    return adamPreview(J, flat(this.m), flat(this.v), this.t, {
      learningRate: this.lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.eps,
    });
  }

  setLearningRate(learningRate: number): void {
    this.lr = learningRate;
  }

  reset(): void {
    this.t = 0;
    tf.tidy(() => {
      this.m.forEach((m) => m.assign(tf.zerosLike(m)));
      this.v.forEach((v) => v.assign(tf.zerosLike(v)));
    });
  }

  async exportMoments(): Promise<AdamMoments> {
    const read = (list: tf.Variable[]) =>
      Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    return { updates: this.t, m: await read(this.m), v: await read(this.v) };
  }

  importMoments(moments: AdamMoments): void {
    if (moments.m.length !== this.m.length || moments.v.length !== this.v.length) {
      throw new Error(
        `optimizer moments are for ${moments.m.length} variables, not ${this.m.length}`,
      );
    }
    tf.tidy(() => {
      this.m.forEach((m, i) => m.assign(tf.tensor(moments.m[i], m.shape)));
      this.v.forEach((v, i) => v.assign(tf.tensor(moments.v[i], v.shape)));
    });
    this.t = moments.updates;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
