/**
 * `taskLoss(z, labels, kinds)`: per-task masked mean losses [T] of a batch in ONE program, with a
 * registered gradient (one program) w.r.t. the outputs z [T, B, K]; the labels are read from the
 * whole split through the epoch order (`LabelSource`), so no per-step label gather exists.
 * `gatherRows(src, order, start, rows)`: the batch's inputs in one program. webgpu only; the
 * engine uses the plain tf ops of src/core/train/losses.ts elsewhere.
 */
import { tf } from '../../tf';
import {
  GatherRowsProgram,
  TaskLossGradProgram,
  TaskLossProgram,
  type TaskKinds,
} from './taskLossProgram';
import { activeWebGPUBackend, runProgram, type WebGPUBackend } from './webgpuBackend';

export type { TaskKinds };

/** A batch's labels as a window of the split: rows order[start .. start + B). */
export interface LabelSource {
  /** [rows, T] labels and masks of the whole split. */
  y: tf.Tensor2D;
  mask: tf.Tensor2D;
  /** int32 row order of the epoch. */
  order: tf.Tensor1D;
  start: number;
}

const LOSS = 'MtlTaskLoss';
const LOSS_GRAD = 'MtlTaskLossGrad';

type Info = tf.TensorInfo;

interface LossAttrs {
  kinds: number[];
  classes: number[];
  start: number;
}

const kindsOf = (a: LossAttrs): TaskKinds => ({ kinds: a.kinds, classes: a.classes });
const int = (x: number) => ({ type: 'int32' as const, data: [x] });

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LOSS,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { z, y, mask, order } = inputs as { z: Info; y: Info; mask: Info; order: Info };
      const a = attrs as unknown as LossAttrs;
      return (backend as WebGPUBackend).runWebGPUProgram(
        new TaskLossProgram(kindsOf(a)),
        [z, y, mask, order],
        'float32',
        [int(a.start)],
      );
    },
  });
  tf.registerKernel({
    kernelName: LOSS_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { z, y, mask, order, dy } = inputs as Record<string, Info>;
      const a = attrs as unknown as LossAttrs;
      return (backend as WebGPUBackend).runWebGPUProgram(
        new TaskLossGradProgram(kindsOf(a), z.shape),
        [z, y, mask, order, dy],
        'float32',
        [int(a.start)],
      );
    },
  });
  tf.registerGradient({
    kernelName: LOSS,
    inputsToSave: ['z', 'y', 'mask', 'order'],
    gradFunc: (dy, saved, attrs) => {
      const [z, y, mask, order] = saved;
      return {
        z: () =>
          tf
            .engine()
            .runKernel(LOSS_GRAD, { z, y, mask, order, dy: dy as tf.Tensor }, attrs) as tf.Tensor,
      };
    },
  });
}

/** Per-task mean loss [T] of outputs z [T, B, K] against the labels of the batch window. */
export function taskLoss(z: tf.Tensor3D, labels: LabelSource, kinds: TaskKinds): tf.Tensor1D {
  if (!activeWebGPUBackend()) throw new Error('taskLoss needs the webgpu backend');
  register();
  const [T, B] = z.shape;
  if (kinds.kinds.length !== T || labels.y.shape[1] !== T) {
    throw new Error(
      `taskLoss: ${kinds.kinds.length} kinds, labels [${labels.y.shape}], z [${z.shape}]`,
    );
  }
  if (labels.order.size < labels.start + B)
    throw new Error('taskLoss: batch window beyond the order');
  const attrs: LossAttrs = {
    kinds: [...kinds.kinds],
    classes: [...kinds.classes],
    start: labels.start,
  };
  return tf
    .engine()
    .runKernel(
      LOSS,
      { z, y: labels.y, mask: labels.mask, order: labels.order },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor1D;
}

/** src[order[start + b]] for b < rows, in one program (no gradient). */
export function gatherRows(
  src: tf.Tensor2D,
  order: tf.Tensor1D,
  start: number,
  rows: number,
): tf.Tensor2D {
  const backend = activeWebGPUBackend();
  if (!backend) return tf.gather(src, tf.slice(order, [start], [rows]));
  if (order.size < start + rows) throw new Error('gatherRows: window beyond the order');
  return runProgram(backend, new GatherRowsProgram(rows, src.shape[1]), [src, order], [int(start)]);
}
