/**
 * `sumRepeats(dy [before, n, after])` = Σ over the middle axis, as [before, 1, after]: the
 * gradient of repeating an axis (src/core/model/layers.ts repeatAxis). One program on webgpu (tfjs
 * sums a middle axis as a transpose plus a reduction); tf.sum elsewhere. No gradient of its own.
 */
import { tf } from '../../tf';
import { activeWebGPUBackend, FlatProgram, runProgram } from './webgpuBackend';

class SumRepeatsProgram extends FlatProgram {
  variableNames = ['Dy'];
  size = true;

  constructor(before: number, after: number) {
    super([before, 1, after], 'mtlSumRepeats');
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let n = uniforms.dyShape.y;
    let after = uniforms.dyShape.z;
    let base = (index / after) * n * after + index % after;
    var acc = 0.0;
    for (var j = 0; j < n; j = j + 1) { acc = acc + Dy[base + j * after]; }
    result[index] = acc;
  }
}
`;
  }
}

export function sumRepeats(dy: tf.Tensor3D): tf.Tensor3D {
  const backend = activeWebGPUBackend();
  if (!backend) return tf.sum(dy, 1, true);
  const [before, , after] = dy.shape;
  return runProgram(backend, new SumRepeatsProgram(before, after), [dy]);
}
