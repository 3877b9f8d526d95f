/**
 * The trainable state of one architecture: its parameter specs, one tf.Variable per parameter
 * (initialised from the weight seed in JS), and the two ways to call the architecture:
 *   plain       shared params get a copies axis of 1 (one forward for all tasks);
 *   replicated  shared params arrive already tiled to [T, ...] and x is tiled to [T, B, D], so
 *               copy t only feeds task t and one backward yields every per-task gradient.
 */
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import type { ArchitectureDefinition, ModelDims, ParamSpec } from '../model/types';
import { initialValues } from '../model/init';
import { activeKernels } from '../engines/tfjs/kernels';
import { tfjsForward, tfjsTowers, type ForwardResult } from '../engines/tfjs/forward';

/** Tower and output-layer parameters: what reads the representation z (R mode's "heads"). */
export function isTowerParam(name: string): boolean {
  return name.startsWith('towers/') || name.startsWith('output/');
}

export class ModelState {
  readonly specs: ParamSpec[];
  private readonly vars: tf.Variable[];
  /** Brings the variables up to date before any read (a fused optimizer that defers write-back). */
  private refresh: (() => void) | null = null;
  /** Indices into specs/variables of the shared and of the task-specific parameters. */
  readonly sharedIndex: number[];
  readonly taskIndex: number[];
  /** Flattened size of each shared parameter, in sharedIndex order. */
  readonly sharedSizes: number[];
  readonly sharedSize: number;
  /** Indices of the tower parameters (read z) and of every other parameter (compute z). */
  readonly towerIndex: number[];
  readonly encoderIndex: number[];
  /**
   * The seed of the current training step's gate noise (Ops.gateNoise), set by the step for its
   * duration (trainStep): every forward of one step draws the same noise; null outside a step.
   */
  noiseSeed: number | null = null;

  constructor(
    readonly arch: ArchitectureDefinition,
    readonly config: ModelConfig,
    readonly dims: ModelDims,
    readonly weightSeed: number,
  ) {
    this.specs = arch.params(config, dims);
    const names = new Set<string>();
    for (const s of this.specs) {
      if (names.has(s.name)) throw new Error(`duplicate parameter name "${s.name}" in ${arch.id}`);
      names.add(s.name);
      if (!s.shared && s.shape[0] !== dims.tasks) {
        throw new Error(
          `task-specific parameter "${s.name}" must have a leading axis of ${dims.tasks}`,
        );
      }
    }
    // Inside tidy so the initial-value tensors are freed (a variable keeps its own reference).
    this.vars = this.specs.map((s) =>
      tf.tidy(() =>
        tf.variable(
          tf.tensor(initialValues(s, config.init, weightSeed, config.headInit === 'same'), s.shape),
          true,
        ),
      ),
    );
    this.sharedIndex = this.specs.flatMap((s, i) => (s.shared ? [i] : []));
    this.taskIndex = this.specs.flatMap((s, i) => (s.shared ? [] : [i]));
    this.sharedSizes = this.sharedIndex.map((i) => sizeOf(this.specs[i].shape));
    this.sharedSize = this.sharedSizes.reduce((a, b) => a + b, 0);
    this.towerIndex = this.specs.flatMap((s, i) => (isTowerParam(s.name) ? [i] : []));
    this.encoderIndex = this.specs.flatMap((s, i) => (isTowerParam(s.name) ? [] : [i]));
  }

  /** One tf.Variable per parameter, in spec order, always current (see `setRefresh`). */
  get variables(): tf.Variable[] {
    this.refresh?.();
    return this.vars;
  }

  /**
   * Registers a callback that makes the variables current; it runs before every `variables`
   * read. The webgpu training step keeps the parameters only in the optimizer's packed state and
   * writes them back lazily through this hook (call inside or outside tf.tidy).
   */
  setRefresh(refresh: (() => void) | null): void {
    this.refresh = refresh;
  }

  /** Forward with values in spec order; shared values are [C, ...shape] when `copies` is T. */
  forward(values: tf.Tensor[], x: tf.Tensor2D, replicated: boolean): ForwardResult {
    const T = this.dims.tasks;
    const params: Record<string, tf.Tensor> = {};
    this.specs.forEach((s, i) => {
      params[s.name] = s.shared && !replicated ? tf.expandDims(values[i], 0) : values[i];
    });
    const x3 = replicated
      ? activeKernels().copiesAlong(tf.expandDims(x, 0), 0, T)
      : tf.expandDims(x, 0);
    return tfjsForward(
      this.arch,
      params,
      x3 as tf.Tensor3D,
      this.config,
      this.dims,
      this.noiseSeed,
    );
  }

  /** The towers alone on a representation z [T, B, H] (values in spec order; only towers read). */
  towers(values: tf.Tensor[], z: tf.Tensor3D): tf.Tensor3D {
    const params: Record<string, tf.Tensor> = {};
    for (const i of this.towerIndex) params[this.specs[i].name] = values[i];
    return tfjsTowers(params, z, this.config, this.dims.tasks);
  }

  /** Shared parameters tiled to [T, ...shape] (the replicated inputs of a per-task backward). */
  tiledShared(): tf.Tensor[] {
    const T = this.dims.tasks;
    return this.sharedIndex.map((i) => {
      const v = this.variables[i];
      // Tile a rank-2 view: tfjs-webgpu runs tile of rank >= 5 on the CPU with a sync readback.
      const row = tf.reshape(v, [1, v.size]);
      return tf.reshape(activeKernels().copiesAlong(row, 0, T), [T, ...v.shape]);
    });
  }

  /** Per-task gradients of the shared parameters, each [T, ...shape], flattened to J [T, P]. */
  flattenShared(grads: tf.Tensor[]): tf.Tensor2D {
    const T = this.dims.tasks;
    const rows = grads.map((g) => tf.reshape(g, [T, -1]));
    return (rows.length === 1 ? rows[0] : tf.concat(rows, 1)) as tf.Tensor2D;
  }

  /** Per-task flat shared rows [T, P] back into tiled values [T, ...shape] (SAM, FOMAML copies). */
  unflattenTiled(rows: tf.Tensor2D): tf.Tensor[] {
    const T = this.dims.tasks;
    const parts = this.sharedSizes.length === 1 ? [rows] : tf.split(rows, this.sharedSizes, 1);
    return parts.map((p, k) => tf.reshape(p, [T, ...this.specs[this.sharedIndex[k]].shape]));
  }

  /** A flat shared update [P] (or [1, P]) split back into the shared parameters' shapes. */
  unflattenShared(flat: tf.Tensor): tf.Tensor[] {
    const parts = tf.split(tf.reshape(flat, [this.sharedSize]), this.sharedSizes);
    return parts.map((p, k) => tf.reshape(p, this.specs[this.sharedIndex[k]].shape));
  }

  dispose(): void {
    this.refresh = null;
    tf.dispose(this.vars);
  }
}

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
