/**
 * Representation-gradient ("R") mode for methods with `needs.gradSource: 'representation'`
 * (MGDA-UB, Aligned-MTL-UB, GradDrop; reference §1.2-1.3, §7.2). Plain tfjs path only: on webgpu
 * trainStep runs these methods on the plain path (the fused optimizer's `apply`), not packedStep.
 *
 *   1. One forward (C = 1) gives z [T, B, H], the towers' input (ForwardResult.representation).
 *   2. One backward of Σ_t ℓ_t(towers_t(z_t)) with z as a leaf: ℓ_t reads only z_t, so row t of the
 *      gradient is r_t = ∂ℓ_t/∂z_t; the same backward gives each tower its own-task gradient.
 *   3. G = R Rᵀ with R = r flattened to [T, B·H] (the full flattened representation gradient, as in
 *      SamsungLabs' MGDA-UB / Aligned-MTL-UB; LibMTL sums r over the batch first). GradDrop gets
 *      the rows S_t = Σ_b r_t[b] ⊙ sign(z_t[b]) [T, H] and returns per-task masks.
 *   4. dz_t = w_t r_t (or r_t ⊙ mask_t), and every non-tower parameter gets the VJP of z with dz:
 *      the gradient of Σ <z, dz> (dz a constant) under tf.grads. Shared parameters thus receive
 *      Σ_t w_t ∂ℓ_t/∂θ, and task-specific parameters below z (MMoE/CGC/PLE gates, STL columns)
 *      receive w_t times their own gradient, as in LibMTL where they belong to the encoder. Towers
 *      get headWeights[t] times their own-task gradient. clipNorm clips the shared part.
 *   5. FULLER (result.calibrateGroups): each feature-group encoder's gradient is rescaled to the
 *      mean group norm (groupCalibration.ts) before clipping; its norms ride the next download.
 */
import { alignLead } from '../engines/tfjs/layers';
import { activeKernels } from '../engines/tfjs/kernels';
import { tf } from '../tf';
import type { MethodResult } from '../methods/types';
import type { Batch } from './deviceData';
import type { TaskLosses } from './losses';
import type { ModelState } from './modelState';
import { calibrateGroupGradients, groupParameters } from './groupCalibration';
import { addMany } from './ops';
import type { StepContext } from './stepCommon';
import { aggregateStepStats, observe, packStepStats, type StepOutcome } from './stepCommon';
import { tidyKeep } from './tidy';

export interface RepresentationGradients {
  losses: tf.Tensor1D;
  /** The towers' input [T, B, H]. */
  z: tf.Tensor3D;
  /** r [T, B, H]: row t is ∂ℓ_t/∂z_t. */
  r: tf.Tensor3D;
  /** Own-task gradients of the tower parameters, in model.towerIndex order. */
  towerGrads: tf.Tensor[];
}

/** z with one row per task (so r_t = ∂ℓ_t/∂z_t) and the forward's auxiliary loss shares. */
function representationOf(
  model: ModelState,
  values: tf.Tensor[],
  x: tf.Tensor2D,
): { z: tf.Tensor3D; aux?: tf.Tensor1D } {
  const out = model.forward(values, x, false);
  if (!out.representation) {
    throw new Error(`${model.arch.id} has no representation (towers); R mode needs one`);
  }
  return { z: alignLead(activeKernels(), out.representation, model.dims.tasks), aux: out.auxLoss };
}

/** Steps 1-2 (call inside tf.tidy). */
export function representationGradients(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
): RepresentationGradients {
  const T = model.dims.tasks;
  const values = model.variables;
  const { z, aux } = representationOf(model, values, batch.x);
  const towers = model.towerIndex.map((i) => values[i]);
  const f = (...args: tf.Tensor[]) => {
    const v: tf.Tensor[] = values.slice();
    model.towerIndex.forEach((idx, k) => (v[idx] = args[1 + k]));
    return lossFns.perTask(model.towers(v, args[0] as tf.Tensor3D), batch.y, batch.mask);
  };
  const { value, grads } = tf.valueAndGrads(f)([z, ...towers], tf.ones([T]));
  return {
    // The auxiliary shares (load balancing) never reach z: encoderGradients adds their gradient.
    losses: aux ? tf.add(value, aux) : (value as tf.Tensor1D),
    z,
    r: grads[0] as tf.Tensor3D,
    towerGrads: grads.slice(1),
  };
}

/**
 * Step 4's VJP: gradients of Σ <z, dz> w.r.t. every non-tower parameter (model.encoderIndex
 * order), plus those of Σ_t w_t aux_t where the architecture has auxiliary loss shares below z
 * (`auxWeights` w: the method's task weights, ones for direction methods).
 */
export function encoderGradients(
  model: ModelState,
  batch: Batch,
  dz: tf.Tensor3D,
  auxWeights: tf.Tensor1D = tf.ones([model.dims.tasks]),
): tf.Tensor[] {
  if (model.encoderIndex.length === 0) return [];
  const values = model.variables;
  const f = (...args: tf.Tensor[]) => {
    const v: tf.Tensor[] = values.slice();
    model.encoderIndex.forEach((idx, k) => (v[idx] = args[k]));
    const { z, aux } = representationOf(model, v, batch.x);
    const along = tf.sum(tf.mul(z, dz));
    return aux ? tf.add(along, tf.sum(tf.mul(aux, auxWeights))) : along;
  };
  return tf.grads(f)(model.encoderIndex.map((i) => values[i]));
}

/** dz [T, B, H] from the method's result: w_t r_t, or r_t ⊙ rowMasks_t for direction methods. */
export function representationDirection(r: tf.Tensor3D, result: MethodResult): tf.Tensor3D {
  const [T, , H] = r.shape;
  if (result.direction) {
    if (!result.rowMasks) {
      throw new Error('R mode: a direction method must return rowMasks (per-task masks on z)');
    }
    const m = tf.tensor3d(Float32Array.from(result.rowMasks.flatMap((row) => Array.from(row))), [
      T,
      1,
      H,
    ]);
    return tf.mul(r, m);
  }
  const w = result.weights ?? new Float64Array(T).fill(1);
  return tf.mul(r, tf.tensor3d(Float32Array.from(w), [T, 1, 1]));
}

/**
 * Every variable's gradient (spec order) for an R-mode step (call inside tf.tidy). With
 * result.calibrateGroups, `onGroupNorms` receives the group norms [2M] (before, after).
 */
export function representationUpdate(
  model: ModelState,
  batch: Batch,
  g: Pick<RepresentationGradients, 'r' | 'towerGrads'>,
  result: MethodResult,
  onGroupNorms?: (norms: tf.Tensor1D) => void,
): tf.Tensor[] {
  const T = model.dims.tasks;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(model.specs.length);
  const auxWeights = tf.tensor1d(Float32Array.from(result.weights ?? new Float64Array(T).fill(1)));
  const encoder = encoderGradients(model, batch, representationDirection(g.r, result), auxWeights);
  model.encoderIndex.forEach((idx, k) => (grads[idx] = encoder[k]));
  if (result.calibrateGroups) {
    const norms = calibrateGroupGradients(groupParameters(model.specs), grads);
    if (norms) onGroupNorms?.(norms);
  }
  if (result.clipNorm && model.sharedIndex.length > 0) {
    const sq = addMany(model.sharedIndex.map((i) => tf.sum(tf.square(grads[i]))));
    const scale = tf.minimum(1, tf.div(result.clipNorm, tf.maximum(tf.sqrt(sq), 1e-12)));
    for (const i of model.sharedIndex) grads[i] = tf.mul(grads[i], scale);
  }
  const hw = tf.tensor1d(Float32Array.from(result.headWeights));
  model.towerIndex.forEach((idx, k) => {
    const gk = g.towerGrads[k];
    grads[idx] = tf.mul(gk, tf.reshape(hw, [T, ...gk.shape.slice(1).map(() => 1)]));
  });
  return grads;
}

/** One R-mode training step on the plain path (losses, Gram and GradDrop rows in one download). */
export async function representationStep(
  ctx: StepContext,
  step: number,
  batch: Batch,
  readLosses: () => Promise<Float64Array>,
): Promise<StepOutcome> {
  const { model } = ctx;
  const T = model.dims.tasks;
  const withRows = ctx.needs.grads === 'jacobian';
  // The previous calibrated step's group norms ride this step's download (no extra readback).
  const pending = ctx.groupNorms ?? null;
  ctx.groupNorms = null;
  const k = tidyKeep(() => {
    const g = representationGradients(model, ctx.lossFns, batch);
    const rows = withRows ? tf.sum(tf.mul(g.r, tf.sign(g.z)), 1) : null;
    const stats = packStepStats(T, g.losses, tf.reshape(g.r, [T, -1]), rows);
    const packed = pending ? (tf.concat([stats, pending]) as tf.Tensor1D) : stats;
    return { losses: g.losses, r: g.r, towerGrads: g.towerGrads, packed };
  });
  pending?.dispose();
  try {
    const rowLength = withRows ? k.r.shape[2] : 0;
    const tailLength = pending ? pending.size : 0;
    const { losses, gram, result, tail } = await aggregateStepStats(
      ctx,
      step,
      k.packed,
      rowLength,
      tailLength,
    );
    if (tailLength)
      ctx.method.observeGroups?.(tail.subarray(0, tailLength / 2), tail.subarray(tailLength / 2));
    tf.tidy(() => {
      const keep = (norms: tf.Tensor1D) => (ctx.groupNorms = tf.keep(norms));
      ctx.optimizer.apply(representationUpdate(model, batch, k, result, keep));
      ctx.lossSum.assign(tf.add(ctx.lossSum, k.losses));
    });
    await observe(ctx, losses, null, readLosses);
    return { weights: result.weights ? Array.from(result.weights) : null, gram, probe: null };
  } finally {
    tf.dispose([k.losses, k.r, k.packed, ...k.towerGrads]);
  }
}
