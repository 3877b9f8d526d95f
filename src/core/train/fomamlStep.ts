/**
 * One step of MMoEEx's two-step balancing as first-order MAML (methods/procedures/fomaml.ts gives
 * the algorithm and its sources). Plain tfjs path (on webgpu through the fused optimizer's `apply`):
 *   1. rows [0, ⌊s·B⌋) of the batch are the inner split, the rest the outer split;
 *   2. one replicated backward on the inner split at θ: row k of J_in and task k's own gradients;
 *   3. θ'_k = θ − η_in·(those gradients), per task copy (copy k of the shared parameters, row k of
 *      the task-specific ones); one replicated backward on the outer split at θ'_k: g_k^out;
 *   4. one readback (inner losses at θ, outer losses at θ'_k, Gram of J_out, rows if needed); λ
 *      from the hooks (LBTW or ones); the method sees the λ-scaled outer losses and gradients (as
 *      under a loss transform, compose.ts) and its answer is applied to θ by the optimizer.
 * The running training loss accumulates the inner-split losses at θ (the weights being trained).
 */
import type { ProcedureHooks } from '../methods/types';
import { scaledInput, unscaledResult } from '../methods/transforms/compose';
import { tf } from '../tf';
import type { Batch } from './deviceData';
import { perTaskGradients, perTaskGradientsAt } from './gradients';
import type { ModelState } from './modelState';
import { separateGradients } from './sharedUpdate';
import {
  observe,
  sequentialReader,
  packStepStats,
  type StepContext,
  type StepOutcome,
} from './stepCommon';
import { tidyKeep } from './tidy';

/** Rows [0, n) and [n, B) of a batch; throws a readable message when either would be empty. */
export function splitBatch(batch: Batch, share: number): { inner: Batch; outer: Batch } {
  const B = batch.x.shape[0];
  const n = Math.floor(share * B);
  if (n < 1 || n >= B) {
    throw new Error(
      `the two-step FOMAML procedure needs rows on both sides of the split: batch ${B} × inner share ${share} gives ${n} inner and ${B - n} outer rows; change the batch size or the inner share`,
    );
  }
  const rows = (t: tf.Tensor2D, from: number, count: number) =>
    tf.slice(t, [from, 0], [count, t.shape[1]]);
  const part = (from: number, count: number): Batch => ({
    x: rows(batch.x, from, count),
    y: rows(batch.y, from, count),
    mask: rows(batch.mask, from, count),
  });
  return { inner: part(0, n), outer: part(n, B - n) };
}

/** θ'_k per task copy: tiled shared [T, ...] and task-specific rows minus η_in times the gradients. */
function innerStep(
  model: ModelState,
  jacobian: tf.Tensor2D | null,
  headGrads: tf.Tensor[],
  innerLr: number,
): { tiled: tf.Tensor[]; heads: tf.Tensor[] } {
  const moved = jacobian
    ? tf.sub(model.flattenShared(model.tiledShared()), tf.mul(innerLr, jacobian))
    : null;
  const heads = model.taskIndex.map((i, k) =>
    tf.sub(model.variables[i], tf.mul(innerLr, headGrads[k])),
  );
  return { tiled: moved ? model.unflattenTiled(moved as tf.Tensor2D) : [], heads };
}

export async function fomamlStep(
  ctx: StepContext,
  hooks: ProcedureHooks,
  step: number,
  batch: Batch,
): Promise<StepOutcome> {
  const { model } = ctx;
  const T = model.dims.tasks;
  const withRows = ctx.needs.grads === 'jacobian';
  const share = Number(hooks.options.maml_split);
  const innerLr = Number(hooks.options.maml_inner_lr);
  const k = tidyKeep(() => {
    const { inner, outer } = splitBatch(batch, share);
    const gin = perTaskGradients(model, ctx.lossFns, inner);
    const moved = innerStep(model, gin.jacobian, gin.headGrads, innerLr);
    const out = perTaskGradientsAt(model, ctx.lossFns, outer, moved.tiled, moved.heads);
    const stats = packStepStats(T, out.losses, out.jacobian, withRows ? out.jacobian : null);
    return {
      innerLosses: gin.losses,
      J: out.jacobian,
      heads: out.headGrads,
      packed: tf.concat([gin.losses, stats]) as tf.Tensor1D,
    };
  });
  try {
    const take = sequentialReader(await k.packed.data());
    const innerLosses = take(T);
    const outerLosses = take(T);
    const gram = take(T * T);
    const P = model.sharedSize;
    const jacobian = withRows && k.J ? Array.from({ length: T }, () => take(P)) : undefined;
    const stepsPerEpoch = ctx.sampler.stepsPerEpoch;
    const lambda =
      hooks.lossWeights?.(step, stepsPerEpoch, innerLosses) ?? new Float64Array(T).fill(1);
    const input = scaledInput(
      { step, stepsPerEpoch, losses: outerLosses, gram, jacobian },
      lambda,
      outerLosses.map((l, i) => lambda[i] * l),
    );
    const result = unscaledResult(ctx.method.aggregate(input), lambda);
    tf.tidy(() => {
      ctx.optimizer.apply(separateGradients(ctx, result, gram, k.J, k.heads));
      ctx.lossSum.assign(tf.add(ctx.lossSum, k.innerLosses));
    });
    hooks.report({
      mamlLossWeights: Array.from(lambda),
      mamlInnerLoss: Array.from(innerLosses),
      mamlOuterLoss: Array.from(outerLosses),
    });
    await observe(ctx, outerLosses, null, () =>
      Promise.reject(new Error('FOMAML gives no losses after')),
    );
    return { weights: result.weights ? Array.from(result.weights) : null, gram, probe: null };
  } finally {
    tf.dispose([k.innerLosses, k.packed, ...k.heads, ...(k.J ? [k.J] : [])]);
  }
}
