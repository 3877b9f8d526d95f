/**
 * Many-input ops that stay within a WebGPU device's binding limit. A default tfjs WebGPU device
 * binds at most 8 storage buffers per kernel (7 inputs and the output); tfjs splits concat itself
 * but not addN, so long sums are reduced in groups.
 */
import { tf } from '../tf';

const GROUP = 6;

export function addMany(tensors: tf.Tensor[]): tf.Tensor {
  if (tensors.length === 0) throw new Error('addMany needs at least one tensor');
  let level = tensors;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += GROUP) {
      const group = level.slice(i, i + GROUP);
      next.push(group.length === 1 ? group[0] : tf.addN(group));
    }
    level = next;
  }
  return level[0];
}
