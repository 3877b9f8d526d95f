import { tf } from '../../tf';
import { checkPackedState } from './fusedAdam';
import type { PackedLayout, PackedSegment } from './packedLayout';
import { ParamViewProgram } from './paramViewProgram';
import { activeWebGPUBackend, runProgram } from './webgpuBackend';

export interface ParamViewOptions {
  /** Replicate shared parameters to [T, ...shape] for the replicated-weights trick (default true). */
  replicateShared?: boolean;
}

/**
 * Parameter tensors read from the packed state's param row, keyed by name: one dispatch per view
 * on webgpu (shared ones come out already tiled to [T, ...shape] in that same dispatch).
 * Use them as the `xs` of tf.grads inside the training step; dispose them with the step's tidy.
 */
export function paramViews(
  state: tf.Tensor2D,
  layout: PackedLayout,
  options: ParamViewOptions = {},
): Record<string, tf.Tensor> {
  const n = checkPackedState(state);
  if (n !== layout.size) throw new Error(`state holds ${n} parameters, layout ${layout.size}`);
  const replicate = options.replicateShared ?? true;
  const out: Record<string, tf.Tensor> = {};
  for (const seg of layout.segments) {
    const copies = replicate && seg.role === 'shared' ? layout.numTasks : 0;
    out[seg.name] = paramView(state, seg, copies);
  }
  return out;
}

/** One parameter from the packed state; `copies` > 0 prepends a replicated axis of that length. */
export function paramView(state: tf.Tensor2D, seg: PackedSegment, copies = 0): tf.Tensor {
  const shape = copies > 0 ? [copies, ...seg.shape] : seg.shape;
  const backend = activeWebGPUBackend();
  if (backend) {
    const uniforms = [
      { type: 'int32' as const, data: [seg.offset] },
      { type: 'int32' as const, data: [seg.size] },
    ];
    return runProgram(backend, new ParamViewProgram(shape), [state], uniforms);
  }
  return tf.tidy(() => {
    const flat = tf.reshape(tf.slice(state, [0, seg.offset], [1, seg.size]), seg.shape);
    return copies > 0 ? tf.tile(tf.expandDims(flat, 0), [copies, ...seg.shape.map(() => 1)]) : flat;
  });
}
