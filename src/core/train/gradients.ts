/**
 * The two backward passes of the engine (call inside tf.tidy; nothing is read back here).
 *
 * weightedGradients: one forward (copies C = 1) and one backward of sum_i w_i l_i; the per-task
 *   loss vector is differentiated with dy = w, so heads receive w_i times their own gradient.
 * perTaskGradients: the replicated trick. Shared parameters are tiled to [T, ...] and the input to
 *   [T, B, D]; copy t only reaches task t's loss, so one backward of sum_t l_t(copy t) returns
 *   each task's gradient on the shared parameters as row t, and each head's own-task gradient.
 */
import { tf } from '../tf';
import { packedParams } from '../engines/tfjs/layers';
import { tfjsForward, type ForwardResult } from '../engines/tfjs/forward';
import { withAuxLoss } from './auxLoss';
import type { Batch, WindowBatch } from './deviceData';
import type { TaskLosses } from './losses';
import type { ModelState } from './modelState';
import type { PackedForward, PackedTraining } from './optimizer';

/**
 * tfjs-core registers no gradient functions by itself; the host must, like it registers a backend:
 * bundlers (Vite worker, vitest) `import '@tensorflow/tfjs-core/dist/register_all_gradients'`,
 * plain Node (the CLI under tsx) `import '@tensorflow/tfjs'`.
 */
export function assertGradientsRegistered(): void {
  if (!tf.getGradient('BatchMatMul')) {
    throw new Error(
      "tfjs gradients are not registered: import '@tensorflow/tfjs-core/dist/register_all_gradients' " +
        "(bundled code) or '@tensorflow/tfjs' (Node) before creating a trainer",
    );
  }
}

export interface WeightedGradients {
  /** Per-task batch losses [T]. */
  losses: tf.Tensor1D;
  /** One gradient per variable, in spec order. */
  grads: tf.Tensor[];
}

export function weightedGradients(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
  weights: tf.Tensor1D,
): WeightedGradients {
  const f = (...values: tf.Tensor[]) => {
    const out = model.forward(values, batch.x, false);
    return withAuxLoss(lossFns.perTask(out.outputs, batch.y, batch.mask), out);
  };
  const { value, grads } = tf.valueAndGrads(f)(model.variables, weights);
  return { losses: value as tf.Tensor1D, grads };
}

export interface PerTaskGradients {
  losses: tf.Tensor1D;
  /** J [T, P]: row t is task t's gradient on the flattened shared parameters; null when P = 0. */
  jacobian: tf.Tensor2D | null;
  /** Task-specific parameters' gradients [T, ...], in model.taskIndex order (own-task only). */
  headGrads: tf.Tensor[];
}

export function perTaskGradients(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
): PerTaskGradients {
  const heads = model.taskIndex.map((i) => model.variables[i]);
  return perTaskGradientsAt(model, lossFns, batch, model.tiledShared(), heads);
}

/**
 * The same replicated backward at given values: `tiled` are the shared parameters [T, ...shape]
 * (copy t may differ per task: SAM's perturbed points, FOMAML's inner steps), `heads` the
 * task-specific parameters in model.taskIndex order (row t is task t's).
 */
export function perTaskGradientsAt(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
  tiled: tf.Tensor[],
  heads: tf.Tensor[],
): PerTaskGradients {
  const T = model.dims.tasks;
  const nShared = tiled.length;
  const f = (...args: tf.Tensor[]) => {
    const values: tf.Tensor[] = new Array<tf.Tensor>(model.specs.length);
    model.sharedIndex.forEach((idx, k) => (values[idx] = args[k]));
    model.taskIndex.forEach((idx, k) => (values[idx] = args[nShared + k]));
    const out = model.forward(values, batch.x, true);
    return withAuxLoss(lossFns.perTask(out.outputs, batch.y, batch.mask), out);
  };
  const { value, grads } = tf.valueAndGrads(f)([...tiled, ...heads], tf.ones([T]));
  return {
    losses: value as tf.Tensor1D,
    jacobian: nShared > 0 ? model.flattenShared(grads.slice(0, nShared)) : null,
    headGrads: grads.slice(nShared),
  };
}

/** The architecture's forward on parameters read in place from a packed state (webgpu). */
export function packedForward(
  model: ModelState,
  packed: PackedForward,
  x: tf.Tensor2D,
  replicated: boolean,
): ForwardResult {
  const T = model.dims.tasks;
  const x3 = replicated
    ? tf.broadcastTo(tf.expandDims(x, 0), [T, ...x.shape])
    : tf.expandDims(x, 0);
  const params = packedParams(packed.source, packed.refs);
  return tfjsForward(
    model.arch,
    params,
    x3 as tf.Tensor3D,
    model.config,
    model.dims,
    model.noiseSeed,
  );
}

export interface SlotGradients {
  losses: tf.Tensor1D;
  /** Shared slot gradient [C, Ps]: the task Jacobian J when replicated (C = T); null if P = 0. */
  shared: tf.Tensor2D | null;
  /** Gradient of every other parameter, packed [1, n - Ps]; null if none. */
  rest: tf.Tensor2D | null;
}

/**
 * Both backward passes of the fused WebGPU path: one forward on the packed state (shared copies
 * T when `replicated`) through the fused loss, one backward w.r.t. the gradient slots with
 * dy = `weights` (task weights, or ones for the per-task Jacobian).
 */
export function slotGradients(
  model: ModelState,
  training: PackedTraining,
  lossFns: TaskLosses,
  batch: WindowBatch,
  replicated: boolean,
  weights: tf.Tensor1D,
): SlotGradients {
  const packed = training.forward(replicated ? model.dims.tasks : 1);
  const slots = packed.source.slots;
  const f = () => {
    const out = packedForward(model, packed, batch.x, replicated);
    return withAuxLoss(lossFns.perTaskFused(out.outputs, batch.labels), out);
  };
  const { value, grads } = tf.valueAndGrads(f)(slots, weights);
  const pick = (i: number) => (i >= 0 ? (grads[i] as tf.Tensor2D) : null);
  return {
    losses: value as tf.Tensor1D,
    shared: pick(packed.sharedSlot),
    rest: pick(packed.restSlot),
  };
}
