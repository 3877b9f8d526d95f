import { tf } from '../../tf';
import { CombineGradientsProgram } from './combineProgram';
import { numWeights, weightSource, weightTensor, type TaskWeights } from './taskWeights';
import { activeWebGPUBackend, runProgram } from './webgpuBackend';

/**
 * The combined shared-parameter update direction d = wᵀJ [P] from the task Jacobian J [T, P] and
 * task weights w [T] (host numbers become uniforms; a tensor becomes an input). One dispatch.
 */
export function combineGradients(J: tf.Tensor2D, w: TaskWeights): tf.Tensor1D {
  if (J.rank !== 2)
    throw new Error(`combineGradients: J must be [T, P], got [${J.shape.join(', ')}]`);
  const [T, P] = J.shape;
  if (numWeights(w) !== T)
    throw new Error(`combineGradients: ${numWeights(w)} weights for ${T} tasks`);
  const backend = activeWebGPUBackend();
  if (backend) {
    const src = weightSource(w);
    return runProgram<tf.Rank.R1>(
      backend,
      new CombineGradientsProgram(P, src),
      [J, ...src.inputs],
      src.uniformData,
    );
  }
  return tf.tidy(
    () => tf.reshape(tf.matMul(tf.reshape(weightTensor(w), [1, T]), J), [P]) as tf.Tensor1D,
  );
}
