/**
 * Deep Safe MTL's hard "lite" gate (Ops.hardGate; seed-systems reference §5, official code
 * `--version v3`: hardGumbelSoftmax(log[1 − p, p], τ = 0.1), p = sigmoid(α)). With two classes the
 * Gumbel-softmax over log[1 − p, p] is the binary concrete distribution: the Gumbel difference
 * g_1 − g_0 is Logistic(0, 1), and log p − log(1 − p) = α, so the soft sample is
 * sigmoid((α + L) / τ) and the hard one 1[α + L > 0]. The hard value goes forward, the soft one's
 * gradient goes back (straight-through).
 */
import { tf } from '../../tf';

/** Logistic(0, 1) noise [T, 1, 1]: one draw per task, read by every copy and row. */
function logisticNoise(tasks: number, seed: number): tf.Tensor {
  const u = tf.randomUniform([tasks, 1, 1], 1e-7, 1 - 1e-7, 'float32', seed);
  return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
}

/**
 * alpha [..., T, B, 1] -> (1 − s, s) [..., T, B, 2]. `seed` null: outside a training step, the
 * predict rule s = 1[α ≥ 0] (p ≥ 0.5), with the noiseless soft gradient.
 */
export function hardGate(alpha: tf.Tensor, tau: number, seed: number | null): tf.Tensor {
  const tasks = alpha.shape[alpha.rank - 3];
  const noise = seed === null ? tf.zeros([tasks, 1, 1]) : logisticNoise(tasks, seed);
  const sample = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const shifted = tf.add(a, noise);
    const soft = tf.sigmoid(tf.div(shifted, tau));
    save([soft]);
    const hard = seed === null ? tf.greaterEqual(shifted, 0) : tf.greater(shifted, 0);
    return {
      value: tf.cast(hard, 'float32'),
      gradFunc: (dy, [s]) => tf.mul(dy, tf.div(tf.mul(s, tf.sub(1, s)), tau)),
    };
  });
  const s = sample(alpha) as tf.Tensor;
  return tf.concat([tf.sub(1, s), s], alpha.rank - 1);
}
