/**
 * One training step. Loss-weighting methods (needs.grads 'none') take one forward and one backward
 * of sum_i w_i l_i and, unless they asked for losses, read nothing back. Gradient methods get the
 * per-task gradients from one replicated backward, read back the losses and the T x T Gram matrix
 * (plus J for 'jacobian' methods) in one packed download, and update the shared parameters with
 * d = w^T J (or the method's direction) and each head with headWeights[t] times its own gradient.
 */
import { tf } from '../tf';
import { stepNoiseSeed, withAuxLoss } from './auxLoss';
import type { Batch } from './deviceData';
import { perTaskGradients, weightedGradients } from './gradients';
import type { ModelState } from './modelState';
import { addMany } from './ops';
import { packedTrainStep } from './packedStep';
import { representationStep } from './representation';
import {
  aggregateStepStats,
  combinedUpdate,
  observe,
  packStepStats,
  type StepContext,
  type StepOutcome,
} from './stepCommon';
import { fomamlStep } from './fomamlStep';
import { samStep } from './samStep';
import { separateGradients } from './sharedUpdate';
import { tidyKeep } from './tidy';

export type { StepContext, StepOutcome } from './stepCommon';

/** Scale factors that keep the L2 norm of the shared gradients at most clipNorm (device-side). */
function clipShared(model: ModelState, grads: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  if (model.sharedIndex.length === 0) return grads;
  const sq = addMany(model.sharedIndex.map((i) => tf.sum(tf.square(grads[i]))));
  const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(tf.sqrt(sq), 1e-12)));
  const out = grads.slice();
  for (const i of model.sharedIndex) out[i] = tf.mul(grads[i], scale);
  return out;
}

function batchLosses(ctx: StepContext, batch: Batch): tf.Tensor1D {
  const out = ctx.model.forward(ctx.model.variables, batch.x, false);
  return withAuxLoss(ctx.lossFns.perTask(out.outputs, batch.y, batch.mask), out);
}

async function readLosses(ctx: StepContext, batch: Batch): Promise<Float64Array> {
  const t = tf.tidy(() => batchLosses(ctx, batch));
  const values = Float64Array.from(await t.data());
  t.dispose();
  return values;
}

function gramProbe(ctx: StepContext, batch: Batch): tf.Tensor2D {
  return tf.tidy(() => {
    const { jacobian } = perTaskGradients(ctx.model, ctx.lossFns, batch);
    const T = ctx.model.dims.tasks;
    return jacobian ? tf.matMul(jacobian, jacobian, false, true) : tf.zeros([T, T]);
  });
}

async function lossStep(ctx: StepContext, step: number, batch: Batch): Promise<StepOutcome> {
  const T = ctx.model.dims.tasks;
  const losses = ctx.needs.losses ? await readLosses(ctx, batch) : undefined;
  const result = ctx.method.aggregate({ step, stepsPerEpoch: ctx.sampler.stepsPerEpoch, losses });
  const weights = result.weights ?? new Float64Array(T).fill(1);
  const observed = tidyKeep(() => {
    const g = weightedGradients(
      ctx.model,
      ctx.lossFns,
      batch,
      tf.tensor1d(Float32Array.from(weights)),
    );
    const grads = result.clipNorm ? clipShared(ctx.model, g.grads, result.clipNorm) : g.grads;
    ctx.optimizer.apply(grads);
    ctx.lossSum.assign(tf.add(ctx.lossSum, g.losses));
    return ctx.method.observe && !losses ? g.losses : null;
  });
  await observe(ctx, losses, observed, () => readLosses(ctx, batch));
  return { weights: Array.from(weights), gram: null, probe: null };
}

async function gradientStep(ctx: StepContext, step: number, batch: Batch): Promise<StepOutcome> {
  const { model } = ctx;
  const T = model.dims.tasks;
  const withJacobian = ctx.needs.grads === 'jacobian';
  const k = tidyKeep(() => {
    const g = perTaskGradients(model, ctx.lossFns, batch);
    const packed = packStepStats(T, g.losses, g.jacobian, withJacobian ? g.jacobian : null);
    return { losses: g.losses, J: g.jacobian, heads: g.headGrads, packed };
  });
  try {
    const { losses, gram, result } = await aggregateStepStats(
      ctx,
      step,
      k.packed,
      withJacobian ? model.sharedSize : 0,
    );
    tf.tidy(() => {
      if (ctx.optimizer.applyCombined) {
        ctx.optimizer.applyCombined(combinedUpdate(result, gram, T, k.J, k.heads));
      } else {
        ctx.optimizer.apply(separateGradients(ctx, result, gram, k.J, k.heads));
      }
      ctx.lossSum.assign(tf.add(ctx.lossSum, k.losses));
    });
    await observe(ctx, losses, null, () => readLosses(ctx, batch));
    return { weights: result.weights ? Array.from(result.weights) : null, gram, probe: null };
  } finally {
    tf.dispose([k.losses, k.packed, ...k.heads]);
    if (k.J) k.J.dispose();
  }
}

/** Run step `step` (0-based); `probe` additionally returns a device Gram matrix for the conflict view. */
export async function trainStep(
  ctx: StepContext,
  step: number,
  probe = false,
): Promise<StepOutcome> {
  // R-mode methods always take the plain path (representation.ts); on webgpu through the fused
  // optimizer's `apply`, not the packed step.
  const rMode = ctx.needs.grads !== 'none' && ctx.needs.gradSource === 'representation';
  // Training procedures (SAM, FOMAML) likewise take the plain path, with their own step.
  const hooks = ctx.needs.procedure ? ctx.method.procedure : undefined;
  const packed = ctx.optimizer.packed;
  // Every forward of this step draws the same gate noise (architectures that have none ignore it).
  ctx.model.noiseSeed = stepNoiseSeed(ctx.model.weightSeed, step);
  try {
    if (packed && !rMode && !hooks) return await packedTrainStep(ctx, packed, step, probe);
    return await plainTrainStep(ctx, step, probe, rMode, hooks);
  } finally {
    ctx.model.noiseSeed = null;
  }
}

async function plainTrainStep(
  ctx: StepContext,
  step: number,
  probe: boolean,
  rMode: boolean,
  hooks: StepContext['method']['procedure'],
): Promise<StepOutcome> {
  ctx.sampler.prepare(step);
  const batch = tidyKeep(() => ctx.sampler.batch(step));
  try {
    const outcome = hooks
      ? await (ctx.needs.procedure === 'sam' ? samStep : fomamlStep)(ctx, hooks, step, batch)
      : ctx.needs.grads === 'none'
        ? await lossStep(ctx, step, batch)
        : rMode
          ? await representationStep(ctx, step, batch, () => readLosses(ctx, batch))
          : await gradientStep(ctx, step, batch);
    if (probe && ctx.needs.grads === 'none') outcome.probe = gramProbe(ctx, batch);
    return outcome;
  } finally {
    tf.dispose([batch.x, batch.y, batch.mask]);
  }
}
