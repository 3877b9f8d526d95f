/**
 * FULLER's intra calibration on the device (methods/fuller.ts; seed-systems §9.1): the gradient of
 * each feature-group encoder (model/featureGroups.ts: the parameters `groups/${m}/…`) is rescaled
 * so its norm is the mean group norm, γ̃_m = γ_m · (mean_k ‖γ_k‖)/‖γ_m‖; directions within a group
 * are unchanged and a group with a zero gradient stays zero. Nothing is read back here: the norms
 * before and after come back as a small tensor that the next step's one download carries.
 */
import { featureGroupOf } from '../model/featureGroups';
import type { ParamSpec } from '../model/types';
import { tf } from '../tf';
import { addMany } from './ops';

/** Spec indices of each group's encoder parameters, by group (empty without groups). */
export function groupParameters(specs: readonly ParamSpec[]): number[][] {
  const groups: number[][] = [];
  specs.forEach((s, i) => {
    const m = featureGroupOf(s.name);
    if (m >= 0) (groups[m] ??= []).push(i);
  });
  return groups;
}

/**
 * Rescales `grads` (spec order) in place for the groups `groups` (call inside tf.tidy); returns
 * the norms [2M]: before, then after. Null with fewer than two groups (the identity).
 */
export function calibrateGroupGradients(
  groups: readonly number[][],
  grads: tf.Tensor[],
): tf.Tensor1D | null {
  if (groups.length < 2) return null;
  const norms = tf.sqrt(
    tf.stack(groups.map((indices) => addMany(indices.map((i) => tf.sum(tf.square(grads[i])))))),
  ) as tf.Tensor1D;
  const live = tf.greater(norms, 0);
  const scale = tf.where(
    live,
    tf.div(tf.mean(norms), tf.maximum(norms, 1e-30)),
    tf.zerosLike(norms),
  );
  groups.forEach((indices, m) => {
    const factor = tf.slice(scale, [m], [1]);
    for (const i of indices) grads[i] = tf.mul(grads[i], factor);
  });
  return tf.concat([norms, tf.mul(norms, scale)]) as tf.Tensor1D;
}
