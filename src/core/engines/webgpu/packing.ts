/**
 * Plain-tf helpers that move tensors in and out of the packed layout. Dispatch costs on webgpu
 * (reshape is free; slice, concat and tile are copies):
 * - concat of k inputs: 1 dispatch for k <= 7, else ceil(k/7) + 1 (tfjs splits by the 8-binding limit);
 * - each unpacked view: 1 dispatch (use `paramViews`, which also folds the replication for shared params).
 */
import { tf } from '../../tf';
import type { PackedLayout } from './packedLayout';

export type TensorsByName = Readonly<Record<string, tf.Tensor>>;

function get(tensors: TensorsByName, name: string): tf.Tensor {
  const t = tensors[name];
  if (!t) throw new Error(`missing tensor for parameter "${name}"`);
  return t;
}

/** All parameters flattened into one [n] vector, in packed order. */
export function packValues(layout: PackedLayout, values: TensorsByName): tf.Tensor1D {
  return tf.tidy(() => {
    const parts = layout.segments.map((seg) => {
      const t = get(values, seg.name);
      if (t.size !== seg.size)
        throw new Error(`"${seg.name}": ${t.size} elements, layout expects ${seg.size}`);
      return tf.reshape(t, [seg.size]);
    });
    return tf.concat(parts) as tf.Tensor1D;
  });
}

/** Fresh Adam state [3, n]: row 0 the parameters, rows 1-2 (moments) zero. */
export function initPackedState(layout: PackedLayout, values: TensorsByName): tf.Tensor2D {
  return tf.tidy(() => {
    const p = packValues(layout, values);
    return tf.reshape(tf.concat([p, tf.zeros([2 * layout.size])]), [3, layout.size]) as tf.Tensor2D;
  });
}

/**
 * The task Jacobian J [T, sharedSize] from the gradients of the replicated shared parameters
 * (each [T, ...shape], row t = gradient of task t's loss).
 */
export function stackTaskGradients(layout: PackedLayout, grads: TensorsByName): tf.Tensor2D {
  const T = layout.numTasks;
  return tf.tidy(() => {
    const parts = layout.sharedSegments.map((seg) => {
      const g = get(grads, seg.name);
      if (g.size !== T * seg.size)
        throw new Error(`"${seg.name}": gradient must be [${T}, ...${seg.shape}]`);
      return tf.reshape(g, [T, seg.size]);
    });
    if (parts.length === 0) return tf.zeros([T, 0]) as tf.Tensor2D;
    return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
  });
}

/** Gradients of the non-shared segments, in packed order (reshape only: no dispatch). */
export function restGradients(layout: PackedLayout, grads: TensorsByName): tf.Tensor1D[] {
  return layout.restSegments.map((seg) => {
    const g = get(grads, seg.name);
    if (g.size !== seg.size)
      throw new Error(`"${seg.name}": gradient has ${g.size} elements, expected ${seg.size}`);
    return tf.reshape(g, [seg.size]);
  });
}
