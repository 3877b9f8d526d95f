/**
 * Running an architecture's forward (written once against Ops) on the tfjs engine.
 */
import { tf } from '../../tf';
import type { ModelConfig } from '../../config/schema';
import type { ArchitectureDefinition, ModelDims, ParamSpec } from '../../model/types';
import { towers } from '../../model/towers';
import { tfjsOps, type Marks } from './ops';
import type { Params } from './layers';
import { activeKernels } from './kernels';
import { tappedParams } from './activationTap';

export interface ForwardResult extends Marks {
  /** [T, B, K] with K = max(outputs); task t uses its first outputs[t] units. */
  outputs: tf.Tensor3D;
  /**
   * The towers' input z [T, B, H] (row t is what task t's tower reads), or [1, B, H] when all
   * towers read the same z; for the engine's representation-gradient mode. Every architecture
   * with towers marks it.
   */
  representation?: tf.Tensor3D;
  /** Gate weights averaged over the batch, [T, E] (MMoE / CGC / PLE); rows sum to 1. */
  gates?: tf.Tensor2D;
  /** Attention from each task token to each feature, [T, D] (MultiTab-Net). */
  attention?: tf.Tensor2D;
  /**
   * Each task's share of an auxiliary training loss [T] (the sparse MoE's load balancing): the
   * training steps add it to the task losses (train/auxLoss.ts); evaluation leaves it out.
   */
  auxLoss?: tf.Tensor1D;
  /** The fraction of the batch's rows routed to each expert, per task [T, E] (sparse MoE). */
  routing?: tf.Tensor2D;
}

/**
 * The forward of `arch` on x [C, B, D] with `params` by name: every shared parameter carries a
 * leading copies axis C (1 in a plain step, T for per-task gradients), task-specific ones
 * ([T, ...]) are passed unchanged. `noiseSeed`: a training step's seed for noisy gating (null:
 * no noise, as in evaluation).
 */
export function tfjsForward(
  arch: ArchitectureDefinition,
  params: Params,
  x: tf.Tensor3D,
  config: ModelConfig,
  dims: ModelDims,
  noiseSeed: number | null = null,
): ForwardResult {
  const marks: Marks = {};
  const ops = tfjsOps(params, dims.tasks, marks, activeKernels(), noiseSeed);
  const outputs = arch.forward(ops, x, config, dims);
  return { ...marks, outputs: outputs as tf.Tensor3D };
}

/** The towers alone on a representation z [T, B, H] (params: the towers' own). */
export function tfjsTowers(
  params: Params,
  z: tf.Tensor3D,
  config: ModelConfig,
  tasks: number,
): tf.Tensor3D {
  return towers(tfjsOps(params, tasks, {}, activeKernels()), z, config) as tf.Tensor3D;
}

/**
 * One plain forward on rows x [B, D] from stored parameter values (spec order, no copies axis),
 * recording every tapped activation: what the network view and the expert-diversity matrix read.
 * Call inside the caller's tidy.
 */
export function tappedForward(
  model: { arch: ArchitectureDefinition; config: ModelConfig; dims: ModelDims; specs: ParamSpec[] },
  values: tf.Tensor[],
  x: tf.Tensor2D,
): { out: ForwardResult; taps: Map<string, tf.Tensor> } {
  const plain: Params = {};
  model.specs.forEach((s, i) => {
    plain[s.name] = s.shared ? tf.expandDims(values[i], 0) : values[i];
  });
  const { params, taps } = tappedParams(plain);
  const x3 = tf.expandDims(x, 0) as tf.Tensor3D;
  return { out: tfjsForward(model.arch, params, x3, model.config, model.dims), taps };
}
