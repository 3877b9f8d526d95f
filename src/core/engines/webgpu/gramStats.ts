import { tf } from '../../tf';
import { GramStatsProgram } from './gramProgram';
import { activeWebGPUBackend, runProgram } from './webgpuBackend';

/**
 * From the task Jacobian J [T, P]: [2, T, T] with the Gram matrix G = J Jᵀ in [0] and the
 * cosine similarities in [1] (norms are sqrt(diag G)). One dispatch on webgpu; read it back with
 * one `await stats.data()` when the method needs it.
 */
export function gramStats(J: tf.Tensor2D): tf.Tensor3D {
  if (J.rank !== 2) throw new Error(`gramStats: J must be [T, P], got [${J.shape.join(', ')}]`);
  const T = J.shape[0];
  const backend = activeWebGPUBackend();
  if (backend) return runProgram<tf.Rank.R3>(backend, new GramStatsProgram(T), [J]);
  return tf.tidy(() => {
    const G = tf.matMul(J, J, false, true);
    const norms = tf.sqrt(tf.sum(tf.square(J), 1));
    const outer = tf.mul(tf.reshape(norms, [T, 1]), tf.reshape(norms, [1, T]));
    const cos = tf.where(
      tf.greater(outer, 0),
      tf.div(G, tf.maximum(outer, 1e-30)),
      tf.zerosLike(G),
    );
    return tf.stack([G, cos]) as tf.Tensor3D;
  });
}

/** The Gram matrix J Jᵀ [T, T] of J [T, P]: one dispatch on webgpu, tf.matMul elsewhere. */
export function gramMatrix(J: tf.Tensor2D): tf.Tensor2D {
  const backend = activeWebGPUBackend();
  if (!backend) return tf.matMul(J, J, false, true);
  return runProgram<tf.Rank.R2>(backend, new GramStatsProgram(J.shape[0], false), [J]);
}

/** Splits a downloaded [2, T, T] result into plain arrays. */
export function parseGramStats(
  values: Float32Array,
  numTasks: number,
): { gram: number[][]; cosine: number[][]; norms: number[] } {
  const T = numTasks;
  const at = (plane: number, i: number, j: number): number => values[plane * T * T + i * T + j];
  const rows = (plane: number): number[][] =>
    Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => at(plane, i, j)));
  return {
    gram: rows(0),
    cosine: rows(1),
    norms: Array.from({ length: T }, (_, i) => Math.sqrt(Math.max(0, at(0, i, i)))),
  };
}
