import { tf } from '../../tf';
import { adamStepScalars, adamUniforms, type AdamConfig, type AdamStepScalars } from './adamConfig';
import { FusedAdamProgram } from './fusedAdamProgram';
import { activeWebGPUBackend, runProgram } from './webgpuBackend';

/**
 * One Adam update of a packed state [3, n] (rows: param, m, v) with gradient `grad` (n elements,
 * any shape). Returns the new state; the caller assigns it (`stateVar.assign(next)`), since a
 * program cannot update its input in place. `step` is the 1-based update count.
 *
 * On webgpu: exactly one dispatch. Elsewhere: the same arithmetic with plain tf ops.
 */
export function fusedAdam(
  state: tf.Tensor2D,
  grad: tf.Tensor,
  config: AdamConfig,
  step: number,
): tf.Tensor2D {
  const n = checkPackedState(state);
  if (grad.size !== n)
    throw new Error(`fusedAdam: gradient has ${grad.size} elements, state holds ${n}`);
  const s = adamStepScalars(config, step);
  const backend = activeWebGPUBackend();
  if (backend) {
    return tf.tidy(() =>
      runProgram<tf.Rank.R2>(
        backend,
        new FusedAdamProgram(n),
        [state, tf.reshape(grad, [n])],
        adamUniforms(s, n),
      ),
    );
  }
  return tf.tidy(() => adamWithTfOps(state, tf.reshape(grad, [n]), s));
}

export function checkPackedState(state: tf.Tensor): number {
  const [rows, n] = state.shape as number[];
  if (state.rank !== 2 || rows !== 3 || n === undefined || state.dtype !== 'float32') {
    throw new Error(
      `packed Adam state must be float32 [3, n], got ${state.dtype} [${state.shape.join(', ')}]`,
    );
  }
  return n;
}

/** Reference/fallback path: plain tf ops, same formula as the WGSL (and as tf.train.adam when weightDecay = 0). */
export function adamWithTfOps(
  state: tf.Tensor2D,
  grad: tf.Tensor1D,
  s: AdamStepScalars,
): tf.Tensor2D {
  const [p, m0, v0] = tf.unstack(state) as tf.Tensor1D[];
  const m = tf.add(tf.mul(m0, s.beta1), tf.mul(grad, 1 - s.beta1));
  const v = tf.add(tf.mul(v0, s.beta2), tf.mul(tf.square(grad), 1 - s.beta2));
  const mHat = tf.div(m, s.biasCorrection1);
  const vHat = tf.div(v, s.biasCorrection2);
  let update = tf.div(mHat, tf.add(tf.sqrt(vHat), s.epsilon));
  if (s.weightDecay !== 0) update = tf.add(update, tf.mul(p, s.weightDecay));
  return tf.stack([tf.sub(p, tf.mul(update, s.lr)), m, v]) as tf.Tensor2D;
}
