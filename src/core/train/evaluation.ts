/**
 * Device-side evaluation over a whole split in fixed-size batches (the split is padded to a
 * multiple of the batch size; padded rows carry mask 0). Results stay on the device; callers
 * pack them into one readback.
 */
import { tf } from '../tf';
import type { DeviceSplit } from './deviceData';
import { evalBatch } from './deviceData';
import type { TaskLosses } from './losses';
import type { ModelState } from './modelState';
import { addMany } from './ops';
import { tidyKeep } from './tidy';

export interface SplitSummary {
  /** Per-task mean loss over the labelled rows [T]. */
  loss: tf.Tensor1D;
  /** Mean gate weights [T, E] over the batches (gated architectures only). */
  gates: tf.Tensor2D | null;
  /** Mean task-token-to-feature attention [T, D] (MultiTab-Net only). */
  attention: tf.Tensor2D | null;
  /**
   * The sparse MoE's routing: the share of rows routed to each expert per task [T, E] and the
   * load-balancing loss (the sum of the tasks' shares) [1], both averaged over the batches.
   */
  routing: { usage: tf.Tensor2D; balanceLoss: tf.Tensor1D } | null;
}

function batches(split: DeviceSplit, batchSize: number): number {
  return Math.max(1, Math.floor(split.paddedRows / batchSize));
}

export function summarizeSplit(
  model: ModelState,
  lossFns: TaskLosses,
  split: DeviceSplit,
  batchSize: number,
): SplitSummary {
  return tidyKeep(() => {
    const n = batches(split, batchSize);
    const sums: tf.Tensor[] = [];
    const gates: tf.Tensor[] = [];
    const attention: tf.Tensor[] = [];
    const usage: tf.Tensor[] = [];
    const balance: tf.Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const b = evalBatch(split, i, batchSize);
      const out = model.forward(model.variables, b.x, false);
      sums.push(lossFns.sums(out.outputs, b.y, b.mask));
      if (out.gates) gates.push(out.gates);
      if (out.attention) attention.push(out.attention);
      if (out.routing) usage.push(out.routing);
      if (out.auxLoss) balance.push(tf.reshape(tf.sum(out.auxLoss), [1]));
    }
    const total = addMany(sums);
    const [lossSum, count] = tf.unstack(total);
    const mean = (list: tf.Tensor[]) =>
      list.length ? (tf.div(addMany(list), list.length) as tf.Tensor2D) : null;
    return {
      loss: tf.div(lossSum, tf.maximum(count, 1)) as tf.Tensor1D,
      gates: mean(gates),
      attention: mean(attention),
      routing:
        usage.length && balance.length
          ? { usage: mean(usage)!, balanceLoss: tf.div(addMany(balance), n) as tf.Tensor1D }
          : null,
    };
  });
}

/** Network outputs for every (padded) row: [T, paddedRows, K]. */
export function splitOutputs(
  model: ModelState,
  split: DeviceSplit,
  batchSize: number,
): tf.Tensor3D {
  return tidyKeep(() => {
    const n = batches(split, batchSize);
    const outs: tf.Tensor3D[] = [];
    for (let i = 0; i < n; i++) {
      outs.push(model.forward(model.variables, evalBatch(split, i, batchSize).x, false).outputs);
    }
    return (n === 1 ? outs[0] : tf.concat(outs, 1)) as tf.Tensor3D;
  });
}

/**
 * Finiteness probes read with each snapshot (no extra readback): [1] the sum of the shared
 * parameters and of the loss accumulator, and [T] per task the sum of its own parameters (zeros
 * when the architecture has none). NaN/Inf anywhere in a sum makes it non-finite. Call in tf.tidy.
 */
export function finitenessProbes(model: ModelState, lossSum: tf.Tensor, T: number): tf.Tensor[] {
  const { variables, specs } = model;
  const shared = variables.filter((_, i) => specs[i].shared).map((v) => tf.sum(v));
  const own = variables
    .filter((_, i) => !specs[i].shared)
    .map((v) => tf.sum(tf.reshape(v, [T, -1]), 1));
  return [
    tf.reshape(addMany([...shared, tf.sum(lossSum)]), [1]),
    own.length ? addMany(own) : tf.zeros([T]),
  ];
}
