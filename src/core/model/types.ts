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
import type { NetworkDrawing } from './drawingTypes';

export interface ModelDims {
  features: number;
  tasks: number;
  /** Output units per task: 1 for regression and binary, C for multiclass. */
  outputs: number[];
}

/**
 * What a parameter is, for the one initialisation rule (init.ts): which kind of layer it belongs
 * to and which part of that layer it is. The scheme (config.model.init) decides the numbers.
 *   hidden     a ReLU layer of an MLP (trunk, experts, columns, towers)
 *   output     a task's output layer
 *   gate       a mixture-of-experts gate (softmax over experts)
 *   linear     a Linear layer of MultiTab-Net (the per-feature embedding, FFNs)
 *   attnIn     an attention input projection (query, key, value)
 *   attnOut    the attention output projection
 *   norm       layer-norm gain (part 'weight') and offset (part 'bias')
 *   token      a learned token table (MultiTab-Net's task tokens, an embedding)
 *   stitch     cross-stitch units: `self` on the diagonal, `(1 - self) / (T - 1)` elsewhere
 */
export type LayerKind = 'hidden' | 'output' | 'gate' | 'linear' | 'attnIn' | 'attnOut' | 'norm';

export type Init =
  | {
      layer: LayerKind;
      part: 'weight' | 'bias';
      /** Multiplies the scheme's draw (identical heads start with a small output layer). */
      scale?: number;
    }
  | { layer: 'token' }
  | { layer: 'stitch'; self: number };

export interface ParamSpec {
  /** Stable, human-readable name such as `trunk/0/kernel` or `towers/1/bias`. */
  name: string;
  /** Shape as stored (task-specific params include the leading T axis). */
  shape: number[];
  shared: boolean;
  init: Init;
  /**
   * Fan-in / fan-out of the layer (for a bias, of its kernel). Defaults to the last two axes of
   * the shape; biases and kernels with stacking axes give it.
   */
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
  /** What the network view draws (drawing.ts): pure data from the config and sizes. */
  drawing(config: ModelConfig, dims: ModelDims): NetworkDrawing;
}
