/**
 * TAG's lookahead on the device (one measured step; the pure arithmetic is in affinity.ts).
 * On the step's own batch: the per-task gradients on the shared parameters (one replicated
 * backward, as the gradient methods get them), each row turned into the optimizer's next update
 * (`Optimizer.previewShared`: Adam's rule with its current moments; plain SGD −η g_i when the
 * optimizer has no preview), then T forwards with θ_s + Δ_i (heads unchanged) give every task's
 * loss. Losses before and after come back in one download of T + T² numbers.
 */
import { tf } from '../tf';
import type { Batch } from '../train/deviceData';
import { perTaskGradients } from '../train/gradients';
import type { StepContext } from '../train/step';
import { tidyKeep } from '../train/tidy';

export interface LookaheadLosses {
  /** ℓ_j(θ_s) [T]. */
  before: Float64Array;
  /** after[i * T + j] = ℓ_j(θ_s + Δ_i). */
  after: Float64Array;
}

/** Row-wise update rule: rows of J [T, P] to shared-parameter changes [T, P]. */
export type PreviewRule = (J: tf.Tensor2D) => tf.Tensor2D;

export function sgdPreview(learningRate: number): PreviewRule {
  return (J) => tf.mul(J, -learningRate) as tf.Tensor2D;
}

/** What the lookahead reads of a training step's context. */
export type LookaheadModel = Pick<StepContext, 'model' | 'lossFns'>;

function lookaheadTensor(ctx: LookaheadModel, batch: Batch, rule: PreviewRule): tf.Tensor1D {
  const { model, lossFns } = ctx;
  const T = model.dims.tasks;
  const g = perTaskGradients(model, lossFns, batch);
  if (!g.jacobian) return tf.concat([g.losses, tf.zeros([T * T])]) as tf.Tensor1D;
  const delta = rule(g.jacobian);
  const values = model.variables.slice() as tf.Tensor[];
  const rows = tf.unstack(delta);
  const after = rows.map((row) => {
    const shifted = values.slice();
    model.unflattenShared(row).forEach((d, k) => {
      const idx = model.sharedIndex[k];
      shifted[idx] = tf.add(values[idx], d);
    });
    return lossFns.perTask(model.forward(shifted, batch.x, false).outputs, batch.y, batch.mask);
  });
  return tf.concat([g.losses, ...after]) as tf.Tensor1D;
}

/** Losses before and after each task's lookahead step on `batch` (one readback). */
export async function lookaheadLosses(
  ctx: LookaheadModel,
  batch: Batch,
  rule: PreviewRule,
): Promise<LookaheadLosses> {
  const T = ctx.model.dims.tasks;
  const packed = tidyKeep(() => lookaheadTensor(ctx, batch, rule));
  const data = Float64Array.from(await packed.data());
  packed.dispose();
  return { before: data.slice(0, T), after: data.slice(T, T + T * T) };
}

/** The lookahead on step `step`'s batch of the trainer's sampler (before that step is taken). */
export async function lookaheadAtStep(
  ctx: StepContext,
  step: number,
  learningRate: number,
): Promise<LookaheadLosses> {
  const { optimizer, model } = ctx;
  const rule: PreviewRule = optimizer.previewShared
    ? (J) => optimizer.previewShared!(J, model.sharedIndex)
    : sgdPreview(learningRate);
  ctx.sampler.prepare(step);
  const batch = tidyKeep(() => ctx.sampler.batch(step));
  try {
    return await lookaheadLosses(ctx, batch, rule);
  } finally {
    tf.dispose([batch.x, batch.y, batch.mask]);
  }
}
