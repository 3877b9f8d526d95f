/**
 * The shared interface of every architecture. An architecture lists its parameters and computes
 * per-task outputs from them; it owns no state, so the engine can replicate shared parameters to
 * get all per-task gradients from one batched backward pass.
 *
 * Copies convention: `forward` receives the input as [C, B, D] and every *shared* parameter with an
 * extra leading copies axis C. C = 1 in a plain step; C = T when the engine wants per-task gradients
 * (copy t of the shared parameters then only influences task t's loss). Task-specific parameters
 * are stored stacked with a leading T axis and are passed unchanged.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';

export interface ModelDims {
  features: number;
  tasks: number;
  /** Output units per task: 1 for regression and binary, C for multiclass. */
  outputs: number[];
}

export type Init =
  | { kind: 'glorot' }
  | { kind: 'he' }
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'normal'; std: number }
  /** Cross-stitch units: `self` on the diagonal, `(1 - self) / (T - 1)` elsewhere. */
  | { kind: 'stitch'; self: number };

export interface ParamSpec {
  /** Stable, human-readable name such as `trunk/0/kernel` or `towers/1/bias`. */
  name: string;
  /** Shape as stored (task-specific params include the leading T axis). */
  shape: number[];
  shared: boolean;
  init: Init;
  /** Fan-in / fan-out used by glorot/he init when the shape has stacking axes. */
  fan?: [number, number];
}

export interface ForwardResult {
  /** [T, B, K] with K = max(outputs); task t uses its first outputs[t] units. */
  outputs: tf.Tensor3D;
  /**
   * The towers' input z [T, B, H] (row t is what task t's tower reads), or [1, B, H] when all
   * towers read the same z; for the engine's representation-gradient mode. Every architecture
   * with towers returns it.
   */
  representation?: tf.Tensor3D;
  /** Gate weights averaged over the batch, [T, E] (MMoE / CGC / PLE); rows sum to 1. */
  gates?: tf.Tensor2D;
  /** Attention from each task token to each feature, [T, D] (MultiTab-Net). */
  attention?: tf.Tensor2D;
}

export interface ArchitectureDefinition {
  id: string;
  label: string;
  summary: string;
  citation: string;
  /** Which model-config fields this architecture reads (the UI shows only those). */
  uses: (keyof ModelConfig)[];
  params(config: ModelConfig, dims: ModelDims): ParamSpec[];
  forward(
    params: Record<string, tf.Tensor>,
    x: tf.Tensor3D,
    config: ModelConfig,
    dims: ModelDims,
  ): ForwardResult;
}
