/**
 * Per-task losses for all tasks at once: regression MSE, binary cross-entropy on logits and
 * softmax cross-entropy, each a masked mean over the labelled rows of the batch. Every loss kind
 * present is computed for all tasks and selected by constant per-task masks, so the number of
 * device ops does not grow with T.
 */
import { tf } from '../tf';
import type { TaskInfo } from '../data/types';
import { taskLoss, type LabelSource, type TaskKinds } from '../engines/webgpu/taskLoss';

export class TaskLosses {
  readonly tasks: number;
  readonly width: number;
  /** Loss kind and used output units per task, for the fused WebGPU loss program. */
  readonly kinds: TaskKinds;
  private readonly consts: {
    regression?: tf.Tensor2D;
    binary?: tf.Tensor2D;
    multiclass?: tf.Tensor2D;
    /** 0 for a task's own classes, -1e9 for the unused output units of the stack. */
    classOffset?: tf.Tensor3D;
  } = {};

  constructor(tasks: TaskInfo[], width: number) {
    this.tasks = tasks.length;
    this.width = width;
    const kindIndex = { regression: 0, binary: 1, multiclass: 2 } as const;
    this.kinds = {
      kinds: tasks.map((t) => kindIndex[t.kind]),
      classes: tasks.map((t) => (t.kind === 'multiclass' ? t.outputs : 1)),
    };
    for (const kind of ['regression', 'binary', 'multiclass'] as const) {
      const flags = tasks.map((t) => (t.kind === kind ? 1 : 0));
      if (flags.some((f) => f)) this.consts[kind] = tf.tensor2d(flags, [this.tasks, 1]);
    }
    if (this.consts.multiclass) {
      const offset = new Float32Array(this.tasks * width);
      tasks.forEach((t, i) => {
        for (let k = t.outputs; k < width; k++) offset[i * width + k] = -1e9;
      });
      this.consts.classOffset = tf.tensor3d(offset, [this.tasks, 1, width]);
    }
  }

  /** Per-element losses [T, B] from outputs [T, B, K] and labels yT [T, B]. */
  private elementwise(outputs: tf.Tensor3D, yT: tf.Tensor2D): tf.Tensor2D {
    const [T, B] = [outputs.shape[0], outputs.shape[1]];
    const first = tf.reshape(tf.slice(outputs, [0, 0, 0], [T, B, 1]), [T, B]);
    const parts: tf.Tensor[] = [];
    const c = this.consts;
    if (c.regression) parts.push(tf.mul(c.regression, tf.square(tf.sub(first, yT))));
    if (c.binary) {
      // Stable BCE with logits: max(z, 0) - z y + log(1 + exp(-|z|)).
      const bce = tf.add(
        tf.sub(tf.relu(first), tf.mul(first, yT)),
        tf.log1p(tf.exp(tf.neg(tf.abs(first)))),
      );
      parts.push(tf.mul(c.binary, bce));
    }
    if (c.multiclass && c.classOffset) {
      const logp = tf.logSoftmax(tf.add(outputs, c.classOffset));
      const labels = tf.cast(tf.reshape(yT, [T * B]), 'int32');
      const onehot = tf.reshape(tf.cast(tf.oneHot(labels, this.width), 'float32'), [
        T,
        B,
        this.width,
      ]);
      parts.push(tf.mul(c.multiclass, tf.neg(tf.sum(tf.mul(onehot, logp), 2))));
    }
    return parts.reduce((a, b) => tf.add(a, b)) as tf.Tensor2D;
  }

  /** Masked mean loss per task [T]; outputs [T, B, K], y and mask [B, T]. */
  perTask(outputs: tf.Tensor3D, y: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
    const mT = tf.transpose(mask);
    const elem = this.elementwise(outputs, tf.transpose(y));
    return tf.div(tf.sum(tf.mul(elem, mT), 1), tf.maximum(tf.sum(mT, 1), 1)) as tf.Tensor1D;
  }

  /**
   * The same per-task masked means in ONE WebGPU program (and one for the gradient), reading
   * labels and masks of the batch window from the whole split (src/core/engines/webgpu/taskLoss.ts).
   */
  perTaskFused(outputs: tf.Tensor3D, labels: LabelSource): tf.Tensor1D {
    return taskLoss(outputs, labels, this.kinds);
  }

  /** Masked loss sums and label counts per task, for exact means over many evaluation batches. */
  sums(outputs: tf.Tensor3D, y: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
    const mT = tf.transpose(mask);
    const elem = this.elementwise(outputs, tf.transpose(y));
    return tf.stack([tf.sum(tf.mul(elem, mT), 1), tf.sum(mT, 1)]) as tf.Tensor2D;
  }

  dispose(): void {
    tf.dispose(Object.values(this.consts));
  }
}
