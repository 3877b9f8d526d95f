/**
 * The update a gradient method's result makes on the plain tfjs path (step.ts, and the procedure
 * steps samStep.ts and fomamlStep.ts): d = wᵀJ (or the method's direction) on the shared
 * parameters, clipped to the method's clipNorm, and each head's own gradient times its head weight.
 */
import { tf } from '../tf';
import type { MethodResult } from '../methods/types';
import type { StepContext } from './stepCommon';

/** The flat shared update [1, P] (or [P]): wᵀJ or the method's direction, clipped to clipNorm. */
export function sharedUpdate(
  ctx: Pick<StepContext, 'model'>,
  result: MethodResult,
  gram: Float64Array,
  J: tf.Tensor2D,
): tf.Tensor {
  const T = ctx.model.dims.tasks;
  let flat: tf.Tensor;
  let norm: number;
  if (result.direction) {
    flat = tf.tensor1d(Float32Array.from(result.direction));
    norm = Math.sqrt(result.direction.reduce((a, d) => a + d * d, 0));
  } else {
    const w = result.weights ?? new Float64Array(T).fill(1);
    flat = tf.matMul(tf.tensor2d(Float32Array.from(w), [1, T]), J);
    let sq = 0;
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) sq += w[i] * w[j] * gram[i * T + j];
    norm = Math.sqrt(Math.max(0, sq));
  }
  if (result.clipNorm && norm > result.clipNorm) flat = tf.mul(flat, result.clipNorm / norm);
  return flat;
}

/** Every variable's gradient for a plain optimizer: d = wᵀJ split into the shared shapes, scaled heads. */
export function separateGradients(
  ctx: Pick<StepContext, 'model'>,
  result: MethodResult,
  gram: Float64Array,
  J: tf.Tensor2D | null,
  heads: tf.Tensor[],
): tf.Tensor[] {
  const { model } = ctx;
  const T = model.dims.tasks;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(model.specs.length);
  if (J) {
    const shared = model.unflattenShared(sharedUpdate(ctx, result, gram, J));
    model.sharedIndex.forEach((idx, j) => (grads[idx] = shared[j]));
  }
  const hw = result.headWeights;
  const unit = Array.from(hw).every((v) => v === 1);
  model.taskIndex.forEach((idx, j) => {
    const g = heads[j];
    grads[idx] = unit
      ? g
      : tf.mul(
          g,
          tf.reshape(tf.tensor1d(Float32Array.from(hw)), [T, ...g.shape.slice(1).map(() => 1)]),
        );
  });
  return grads;
}
