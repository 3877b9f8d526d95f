import { tf } from '../../tf';
import type { AdamConfig } from './adamConfig';
import { combineAdam, packedAdam, type CombineAdamArgs } from './combineAdam';
import { PackedLayout, type ParamRole } from './packedLayout';
import { initPackedState } from './packing';
import { paramView } from './paramViews';

/** Same shape as the engine's `Optimizer` (src/core/train/optimizer.ts), restated to keep gpu -> train free of imports. */
export interface VariableOptimizer {
  readonly updates: number;
  apply(grads: tf.Tensor[]): void;
  reset(): void;
  dispose(): void;
}

export interface FusedAdamOptions {
  /** Role of each variable (same order); needed only for `applyCombined`. Default 'own'. */
  roles?: readonly ParamRole[];
  /** Number of tasks T (leading axis of 'task' variables). Default 1. */
  numTasks?: number;
}

/** The combine arguments of `applyCombined`: `rest` holds the non-shared gradients in variable order. */
export type CombinedGradients = Omit<CombineAdamArgs, 'config' | 'step'>;

/**
 * Drop-in Adam for a fixed list of variables, backed by one packed [3, n] state.
 * Per update on webgpu: 1 Adam dispatch (+1 concat per 6 gradients beyond the first 6) and one
 * copy per variable to write the new parameters back (a tfjs tensor owns its whole buffer, so each
 * separate variable costs one dispatch). Stock tf.train.adam: ~14 dispatches per variable.
 *
 * The packed param row is the source of truth between updates: after changing the variables from
 * outside (importing weights), call `reset()`, which re-packs them and zeroes the moments.
 */
export class FusedAdamOptimizer implements VariableOptimizer {
  private t = 0;
  private dirty = false;
  readonly layout: PackedLayout;
  private readonly state: tf.Variable<tf.Rank.R2>;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private config: AdamConfig,
    options: FusedAdamOptions = {},
  ) {
    const roles = options.roles ?? [];
    // Segment names are the variable indices; the layout moves shared variables first.
    this.layout = new PackedLayout(
      variables.map((v, i) => ({ name: String(i), shape: v.shape, role: roles[i] ?? 'own' })),
      options.numTasks ?? 1,
    );
    this.state = tf.tidy(() => tf.variable(this.packVariables(), false));
  }

  get updates(): number {
    return this.t;
  }

  /** Learning rate, betas, epsilon and weight decay of the updates. */
  get adamConfig(): AdamConfig {
    return this.config;
  }

  /** Later updates use this learning rate (each update reads the config; moments stay). */
  setLearningRate(learningRate: number): void {
    this.config = { ...this.config, learningRate };
  }

  /** The packed [3, n] state (param, m, v rows in `layout` order), e.g. for checkpoints. */
  get packedState(): tf.Tensor2D {
    return this.state;
  }

  /**
   * One Adam update from gradients already in packed order (their sizes add up to n, e.g. the
   * shared block then the rest), WITHOUT writing the variables back: the packed state stays the
   * only up-to-date copy until `writeBack()` (or `reset()`).
   */
  applyPacked(packedGrads: tf.Tensor[]): void {
    this.t += 1;
    this.commit(() => packedAdam(this.state, packedGrads, this.config, this.t), false);
  }

  /** `applyCombined` without the write-back (see `applyPacked`); `rest` may be one flat tensor. */
  applyCombinedPacked(grads: CombinedGradients): void {
    this.t += 1;
    this.commit(
      () => combineAdam(this.state, this.layout, { ...grads, config: this.config, step: this.t }),
      false,
    );
  }

  /** True while the variables lag behind the packed state (after applyPacked). */
  get stale(): boolean {
    return this.dirty;
  }

  /** Copy the packed parameters into the variables if they are stale (one program each). */
  writeBack(): void {
    if (!this.dirty) return;
    this.dirty = false;
    tf.tidy(() => {
      for (const seg of this.layout.segments) {
        this.variables[Number(seg.name)].assign(paramView(this.state, seg));
      }
    });
  }

  /** One Adam update; grads[i] belongs to variables[i]. */
  apply(grads: tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`optimizer expects ${this.variables.length} gradients, got ${grads.length}`);
    }
    this.t += 1;
    const ordered = this.layout.segments.map((seg) => grads[Number(seg.name)]);
    this.commit(() => packedAdam(this.state, ordered, this.config, this.t));
  }

  /**
   * Combine + Adam in one program: shared variables get wᵀJ (J [T or 1, sharedSize] in shared-variable
   * order), task variables their gradient scaled by the head weights.
   */
  applyCombined(grads: CombinedGradients): void {
    this.t += 1;
    this.commit(() =>
      combineAdam(this.state, this.layout, { ...grads, config: this.config, step: this.t }),
    );
  }

  /** Moments per variable (variable order) from rows 1 and 2 of the packed state. */
  async exportMoments(): Promise<{ updates: number; m: Float32Array[]; v: Float32Array[] }> {
    const data = new Float32Array(await this.state.data());
    const n = this.layout.size;
    const rows = (row: number) =>
      this.variables.map((_, i) => {
        const seg = this.layout.segment(String(i));
        return data.slice(row * n + seg.offset, row * n + seg.offset + seg.size);
      });
    return { updates: this.t, m: rows(1), v: rows(2) };
  }

  /** Start from the variables' values with the given moments and update count. */
  importMoments(moments: { updates: number; m: Float32Array[]; v: Float32Array[] }): void {
    this.writeBack();
    const n = this.layout.size;
    const moment = (list: Float32Array[]) => {
      const row = new Float32Array(n);
      this.variables.forEach((_, i) => row.set(list[i], this.layout.segment(String(i)).offset));
      return row;
    };
    const m = moment(moments.m);
    const v = moment(moments.v);
    tf.tidy(() => {
      const params = tf.slice(this.packVariables(), [0, 0], [1, n]);
      this.state.assign(tf.concat([params, tf.tensor2d(m, [1, n]), tf.tensor2d(v, [1, n])]));
    });
    this.t = moments.updates;
  }

  reset(): void {
    this.writeBack();
    this.t = 0;
    tf.tidy(() => this.state.assign(this.packVariables()));
  }

  dispose(): void {
    this.state.dispose();
  }

  private commit(update: () => tf.Tensor2D, writeBack = true): void {
    tf.tidy(() => this.state.assign(update()));
    this.dirty = true;
    if (writeBack) this.writeBack();
  }

  private packVariables(): tf.Tensor2D {
    const values: Record<string, tf.Tensor> = {};
    this.variables.forEach((v, i) => (values[String(i)] = v));
    return initPackedState(this.layout, values);
  }
}
