/**
 * The training step on the fused WebGPU path (the optimizer offers `packed`): parameters are read
 * in place from the optimizer's packed state, the batch inputs are gathered in one program and the
 * labels never (the fused loss reads them through the epoch order), tf.grads w.r.t. the gradient
 * slots returns packed gradients (the task Jacobian directly, for gradient methods), and the update
 * is one program with no write-back: the variables are refreshed lazily, only when something reads
 * them (ModelState.setRefresh). Same arithmetic as step.ts; no readback inside a loss-method step.
 */
import { gramMatrix } from '../engines/webgpu/gramStats';
import { tf } from '../tf';
import { withAuxLoss } from './auxLoss';
import type { WindowBatch } from './deviceData';
import { packedForward, slotGradients } from './gradients';
import type { PackedTraining } from './optimizer';
import type { StepContext } from './stepCommon';
import {
  aggregateStepStats,
  combinedUpdate,
  observe,
  packStepStats,
  type StepOutcome,
} from './stepCommon';
import { tidyKeep } from './tidy';

const ones = (n: number) => new Array<number>(n).fill(1);

async function readLosses(
  ctx: StepContext,
  training: PackedTraining,
  batch: WindowBatch,
): Promise<Float64Array> {
  const t = tf.tidy(() => {
    const out = packedForward(ctx.model, training.forward(1), batch.x, false);
    return withAuxLoss(ctx.lossFns.perTaskFused(out.outputs, batch.labels), out);
  });
  const values = Float64Array.from(await t.data());
  t.dispose();
  return values;
}

/** g scaled so that its L2 norm is at most clipNorm (device-side). */
function clip(g: tf.Tensor, clipNorm: number): tf.Tensor {
  const norm = tf.sqrt(tf.sum(tf.square(g)));
  return tf.mul(g, tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12))));
}

async function lossStep(
  ctx: StepContext,
  training: PackedTraining,
  step: number,
  batch: WindowBatch,
): Promise<StepOutcome> {
  const T = ctx.model.dims.tasks;
  const losses = ctx.needs.losses ? await readLosses(ctx, training, batch) : undefined;
  const result = ctx.method.aggregate({ step, stepsPerEpoch: ctx.sampler.stepsPerEpoch, losses });
  const weights = result.weights ?? new Float64Array(T).fill(1);
  const observed = tidyKeep(() => {
    const dy = training.constant(weights);
    const g = slotGradients(ctx.model, training, ctx.lossFns, batch, false, dy);
    const shared = g.shared && result.clipNorm ? clip(g.shared, result.clipNorm) : g.shared;
    training.applySlots(shared, g.rest);
    ctx.lossSum.assign(tf.add(ctx.lossSum, g.losses));
    return ctx.method.observe && !losses ? g.losses : null;
  });
  await observe(ctx, losses, observed, () => readLosses(ctx, training, batch));
  return { weights: Array.from(weights), gram: null, probe: null };
}

async function gradientStep(
  ctx: StepContext,
  training: PackedTraining,
  step: number,
  batch: WindowBatch,
): Promise<StepOutcome> {
  const { model } = ctx;
  const T = model.dims.tasks;
  const withJacobian = ctx.needs.grads === 'jacobian';
  const k = tidyKeep(() => {
    const dy = training.constant(ones(T));
    const g = slotGradients(model, training, ctx.lossFns, batch, true, dy);
    const J = g.shared;
    const packed = packStepStats(T, g.losses, J, withJacobian ? J : null);
    return { losses: g.losses, J, rest: g.rest, packed };
  });
  try {
    const { losses, gram, result } = await aggregateStepStats(
      ctx,
      step,
      k.packed,
      withJacobian ? model.sharedSize : 0,
    );
    tf.tidy(() => {
      const rest = k.rest ? [tf.reshape(k.rest, [k.rest.size])] : [];
      training.applyCombinedSlots(combinedUpdate(result, gram, T, k.J, rest));
      ctx.lossSum.assign(tf.add(ctx.lossSum, k.losses));
    });
    await observe(ctx, losses, null, () => readLosses(ctx, training, batch));
    return { weights: result.weights ? Array.from(result.weights) : null, gram, probe: null };
  } finally {
    tf.dispose([k.losses, k.packed, ...(k.J ? [k.J] : []), ...(k.rest ? [k.rest] : [])]);
  }
}

function gramProbe(ctx: StepContext, training: PackedTraining, batch: WindowBatch): tf.Tensor2D {
  const T = ctx.model.dims.tasks;
  return tf.tidy(() => {
    const dy = training.constant(ones(T));
    const J = slotGradients(ctx.model, training, ctx.lossFns, batch, true, dy).shared;
    return J ? gramMatrix(J) : tf.zeros([T, T]);
  });
}

export async function packedTrainStep(
  ctx: StepContext,
  training: PackedTraining,
  step: number,
  probe: boolean,
): Promise<StepOutcome> {
  // Every read of the variables (evaluation, snapshot, export) first copies the state back.
  ctx.model.setRefresh(() => training.writeBack());
  ctx.sampler.prepare(step);
  const batch = ctx.sampler.windowBatch(step);
  try {
    const outcome =
      ctx.needs.grads === 'none'
        ? await lossStep(ctx, training, step, batch)
        : await gradientStep(ctx, training, step, batch);
    if (probe && ctx.needs.grads === 'none') outcome.probe = gramProbe(ctx, training, batch);
    return outcome;
  } finally {
    batch.x.dispose();
  }
}
