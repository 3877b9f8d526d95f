/**
 * The network view's two MTL link views (issue 18 §3), per drawn weight w:
 *   task pull  the task t* whose gradient ∂ℓ_t/∂w is largest in magnitude, with its share
 *              |g_t*| / Σ_t |g_t| (1: one task alone moves the weight; 1/T: all pull equally);
 *   conflict   1 − |Σ_t g_t| / Σ_t |g_t| = 2·min(P, N) / (P + N), with P and N the summed
 *              positive and negative task gradients: 0 when every task pushes w the same way,
 *              1 when their pushes cancel exactly (the per-weight version of the microscope's
 *              negative-cosine conflict).
 * A weight no task moves (dead ReLU, masked expert) has pull −1, share 0 and conflict 0.
 *
 * The per-task gradients come from one replicated backward (train/gradients.ts's trick: shared
 * parameters tiled to [T, ...], copy t feeds only task t) on the view's sample rows, inside the
 * view's refresh and its one readback: the same for every method and engine, a few times a second
 * at most, never in the training step. (The issue lets gradient methods reuse the step's J; the
 * view instead takes its own gradient on a fixed sample, so the picture does not flicker with the
 * minibatch, needs no per-step copy of J and works on the wasm engine, whose J never leaves it.)
 * A task-specific weight (towers, per-task gates) is moved by its own task only: pull = that task,
 * share 1, conflict 0 — shown faithfully rather than hidden.
 */
import { tf } from '../tf';
import type { Dataset, TaskInfo } from '../data/types';
import type { DrawnEdge } from '../model/drawingTypes';
import type { ModelConfig } from '../config/schema';
import type { ArchitectureDefinition, ModelDims, ParamSpec } from '../model/types';
import { outputWidth } from '../model/towers';
import { uploadSplit } from '../train/deviceData';
import { TaskLosses } from '../train/losses';
import { tfjsForward } from '../engines/tfjs/forward';

/** The network at the values drawn (view.ts's ViewModel; written out to keep imports one-way). */
interface GradientModel {
  arch: ArchitectureDefinition;
  config: ModelConfig;
  dims: ModelDims;
  specs: ParamSpec[];
  values: tf.Tensor[];
}

/** The sample rows' labels: y and mask [rows, T] as in a Split (missing or non-finite = unlabelled). */
export interface SampleLabels {
  tasks: TaskInfo[];
  y: Float32Array;
  mask?: Uint8Array;
}

/** Per drawn weight, in the edge's weight order. */
export interface LinkPull {
  /** The task whose gradient is largest in magnitude; −1 when no task moves the weight. */
  task: number[];
  /** That task's share of Σ_t |g_t|, in [1/T, 1] (0 when none moves it). */
  share: number[];
  /** 1 − |Σ_t g_t| / Σ_t |g_t|, in [0, 1]. */
  conflict: number[];
}

/** The labels of a dataset's first `rows` training rows (the view's sample). */
export function sampleLabels(dataset: Dataset, rows: number): SampleLabels {
  const T = dataset.tasks.length;
  const { y, mask } = dataset.train;
  return {
    tasks: dataset.tasks,
    y: y.subarray(0, rows * T),
    ...(mask ? { mask: mask.subarray(0, rows * T) } : {}),
  };
}

/**
 * Each parameter's per-task gradient at the view's values, in spec order (call inside tf.tidy):
 * shared ones [T, ...shape] (row t = task t's), task-specific ones as shaped (own task's only).
 */
export function taskGradients(
  model: GradientModel,
  sample: { x: Float32Array; rows: number },
  labels: SampleLabels,
): tf.Tensor[] {
  const T = model.dims.tasks;
  // Unlabelled or non-finite labels are masked out exactly as in training.
  const { x, y, mask } = uploadSplit(
    { rows: sample.rows, x: sample.x, y: labels.y, ...(labels.mask ? { mask: labels.mask } : {}) },
    model.dims.features,
    T,
  );
  const losses = new TaskLosses(labels.tasks, outputWidth(model.dims));
  try {
    const args = model.specs.map((s, i) => {
      const v = model.values[i];
      if (!s.shared) return v;
      // A rank-2 tile (tfjs-webgpu runs tiles of rank ≥ 5 on the CPU).
      return tf.reshape(tf.tile(tf.reshape(v, [1, v.size]), [T, 1]), [T, ...v.shape]);
    });
    const x3 = tf.tile(tf.expandDims(x, 0), [T, 1, 1]) as tf.Tensor3D;
    const f = (...values: tf.Tensor[]) => {
      const params: Record<string, tf.Tensor> = {};
      model.specs.forEach((s, i) => (params[s.name] = values[i]));
      const out = tfjsForward(model.arch, params, x3, model.config, model.dims);
      return losses.perTask(out.outputs, y, mask);
    };
    return tf.grads(f)(args, tf.ones([T]));
  } finally {
    losses.dispose();
  }
}

/** Rows [T, n]: every task's gradient on the n weights edge `edge` draws (inside tf.tidy). */
export function edgeTaskRows(
  edge: DrawnEdge,
  specs: ParamSpec[],
  grads: tf.Tensor[],
  dims: ModelDims,
  fromUnits: number,
  toUnits: number,
): tf.Tensor2D | null {
  const w = edge.weights;
  if (w.kind === 'gate') return null;
  const i = specs.findIndex((s) => s.name === w.param);
  if (i < 0) throw new Error(`the drawing reads a parameter the model lacks: "${w.param}"`);
  const spec = specs[i];
  const g = grads[i];
  const T = dims.tasks;
  // Task-specific: one slice of the leading T axis belongs to one task; the others' rows are 0.
  const own = (row: tf.Tensor, flatLead: number, leadSize: number): tf.Tensor2D => {
    const owner = Math.floor(flatLead / (leadSize / T));
    return tf.pad(tf.reshape(row, [1, -1]), [
      [owner, T - 1 - owner],
      [0, 0],
    ]) as tf.Tensor2D;
  };
  if (w.kind === 'scalar') {
    if (spec.shared) return tf.slice(tf.reshape(g, [T, -1]), [0, w.index], [T, 1]) as tf.Tensor2D;
    return own(tf.slice(tf.reshape(g, [-1]), [w.index], [1]), w.index, g.size);
  }
  const [inW, outW] = spec.shape.slice(-2);
  const n = fromUnits * toUnits;
  if (spec.shared) {
    const stack = tf.reshape(g, [T, -1, inW, outW]);
    return tf.reshape(tf.slice(stack, [0, w.slot, 0, 0], [T, 1, fromUnits, toUnits]), [T, n]);
  }
  const stack = tf.reshape(g, [-1, inW, outW]);
  const row = tf.slice(stack, [w.slot, 0, 0], [1, fromUnits, toUnits]);
  return own(row, w.slot, stack.shape[0]);
}

/** [pull task, share, conflict] of rows [T, n], concatenated as 3n values (inside tf.tidy). */
export function pullStats(rows: tf.Tensor2D): tf.Tensor1D {
  const abs = tf.abs(rows);
  const total = tf.sum(abs, 0);
  const moved = tf.greater(total, 0);
  const safe = tf.maximum(total, 1e-30);
  const task = tf.where(moved, tf.cast(tf.argMax(abs, 0), 'float32'), tf.fill(total.shape, -1));
  const share = tf.where(moved, tf.div(tf.max(abs, 0), safe), tf.zerosLike(total));
  const conflict = tf.where(
    moved,
    tf.sub(1, tf.div(tf.abs(tf.sum(rows, 0)), safe)),
    tf.zerosLike(total),
  );
  return tf.concat([task, share, conflict]) as tf.Tensor1D;
}

/** Splits pullStats' 3n values (read back) into a LinkPull. */
export function readPull(values: Float32Array, n: number): LinkPull {
  return {
    task: Array.from(values.subarray(0, n)),
    share: Array.from(values.subarray(n, 2 * n)),
    conflict: Array.from(values.subarray(2 * n, 3 * n)),
  };
}
