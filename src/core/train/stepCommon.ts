/** Pieces shared by the plain (step.ts) and the packed (packedStep.ts) training steps. */
import { gramMatrix } from '../engines/webgpu/gramStats';
import { tf } from '../tf';
import type { MethodInstance, MethodNeeds, MethodResult } from '../methods/types';
import type { BatchSampler } from './deviceData';
import type { TaskLosses } from './losses';
import type { ModelState } from './modelState';
import type { CombinedUpdate, Optimizer } from './optimizer';

export interface StepContext {
  model: ModelState;
  lossFns: TaskLosses;
  optimizer: Optimizer;
  sampler: BatchSampler;
  method: MethodInstance;
  needs: MethodNeeds;
  /** Device-side running sum of per-task training losses. */
  lossSum: tf.Variable;
  /**
   * FULLER's group norms [2M] (before, after) from the last calibrated step, kept on the device
   * until the next step's download carries them (groupCalibration.ts); null when none is pending.
   */
  groupNorms?: tf.Tensor1D | null;
}

export interface StepOutcome {
  /** Weights the method put on the tasks (null when it gave a direction instead). */
  weights: number[] | null;
  /** Gram matrix read back this step (gradient methods), row-major T x T. */
  gram: Float64Array | null;
  /** A kept device Gram matrix [T, T] when a conflict probe was requested (caller disposes). */
  probe: tf.Tensor2D | null;
}

/**
 * Losses, the Gram matrix of the task-gradient `rows` [T, n] (zeros when there are none) and the
 * method's extra per-task `extra` rows, flattened into one tensor so a step reads back once.
 */
export function packStepStats(
  T: number,
  losses: tf.Tensor1D,
  rows: tf.Tensor2D | null,
  extra: tf.Tensor | null,
): tf.Tensor1D {
  const gram = rows ? gramMatrix(rows) : tf.zeros([T, T]);
  const parts: tf.Tensor[] = [losses, tf.reshape(gram, [-1])];
  if (extra) parts.push(tf.reshape(extra, [-1]));
  return tf.concat(parts) as tf.Tensor1D;
}

/**
 * Reads `packStepStats`' tensor back (the step's one download), splits it into losses, Gram and
 * `rowLength`-long extra rows (0: none), and asks the method for its update. The last
 * `tailLength` values (appended by the caller) come back as `tail`.
 */
export async function aggregateStepStats(
  ctx: StepContext,
  step: number,
  packed: tf.Tensor1D,
  rowLength: number,
  tailLength = 0,
): Promise<{ losses: Float64Array; gram: Float64Array; result: MethodResult; tail: Float64Array }> {
  const T = ctx.model.dims.tasks;
  const data = await packed.data();
  const losses = Float64Array.from(data.subarray(0, T));
  const gram = Float64Array.from(data.subarray(T, T + T * T));
  const start = T + T * T;
  const jacobian = rowLength
    ? Array.from({ length: T }, (_, t) =>
        Float64Array.from(data.subarray(start + t * rowLength, start + (t + 1) * rowLength)),
      )
    : undefined;
  const result = ctx.method.aggregate({
    step,
    stepsPerEpoch: ctx.sampler.stepsPerEpoch,
    losses,
    gram,
    jacobian,
  });
  const tail = Float64Array.from(data.subarray(data.length - tailLength));
  return { losses, gram, result, tail };
}

/** Reads a downloaded tensor front to back: each call takes the next n values as float64. */
export function sequentialReader(
  data: Float32Array | Int32Array | Uint8Array,
): (n: number) => Float64Array {
  let at = 0;
  return (n) => Float64Array.from(data.subarray(at, (at += n)));
}

/** Feed the method the step's losses (known, or read from `pending`) and, if asked, the losses after. */
export async function observe(
  ctx: StepContext,
  known: Float64Array | undefined,
  pending: tf.Tensor1D | null,
  lossesAfter: () => Promise<Float64Array>,
): Promise<void> {
  if (!ctx.method.observe) return;
  let losses = known;
  if (pending) {
    losses = Float64Array.from(await pending.data());
    pending.dispose();
  }
  const after = ctx.needs.lossesAfter ? await lossesAfter() : undefined;
  if (losses) ctx.method.observe(losses, after);
}

/**
 * The same update for a fused optimizer: host weights (clipping folded into them, so nothing is
 * computed on the device before the optimizer's one program), or the method's direction as J [1, P].
 */
export function combinedUpdate(
  result: MethodResult,
  gram: Float64Array,
  T: number,
  J: tf.Tensor2D | null,
  heads: tf.Tensor[],
): CombinedUpdate {
  const headWeights = Array.from(result.headWeights);
  if (J && result.direction) {
    const d = result.direction;
    const norm = Math.sqrt(d.reduce((a, v) => a + v * v, 0));
    const scale = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
    return {
      J: tf.tensor2d(Float32Array.from(d), [1, d.length]),
      weights: [scale],
      headWeights,
      heads,
    };
  }
  const w = Array.from(result.weights ?? new Float64Array(T).fill(1));
  let sq = 0;
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) sq += w[i] * w[j] * gram[i * T + j];
  const norm = Math.sqrt(Math.max(0, sq));
  const scale = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
  return { J, weights: w.map((v) => v * scale), headWeights, heads };
}
