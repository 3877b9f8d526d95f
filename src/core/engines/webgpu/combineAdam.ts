import { tf } from '../../tf';
import { adamStepScalars, adamUniforms, type AdamConfig, type AdamStepScalars } from './adamConfig';
import { CombineAdamProgram, type PackedRange, type ScaledRange } from './combineAdamProgram';
import { adamWithTfOps, checkPackedState } from './fusedAdam';
import type { PackedLayout } from './packedLayout';
import {
  numWeights,
  TASK_WEIGHTS,
  weightSource,
  weightTensor,
  type TaskWeights,
  type WeightSlot,
} from './taskWeights';
import { activeWebGPUBackend, runProgram } from './webgpuBackend';

const HEAD_WEIGHTS: WeightSlot = { fn: 'headWeight', field: 'headW', input: 'H' };

export interface CombineAdamArgs {
  /**
   * Shared-block gradients [R, layout.sharedSize]: the task Jacobian (R = T), or a direction the
   * method already computed as [1, sharedSize] with weights [1]. Omit if there are no shared params.
   */
  J?: tf.Tensor2D;
  /** Weights of J's rows (length R): shared gradient = wᵀJ. */
  weights: TaskWeights;
  /** Scale of task t's block in every 'task' segment (length T). Default: `weights` (needs R = T). */
  headWeights?: TaskWeights;
  /** Gradients of the non-shared segments in packed order (see `restGradients`), or one flat [n - sharedSize]. */
  rest: readonly tf.Tensor[];
  /** Multiply task blocks by headWeights (default true). */
  scaleTaskGrads?: boolean;
  config: AdamConfig;
  /** 1-based update count. */
  step: number;
}

/**
 * Combine the task gradients and take an Adam step over the whole packed state in ONE dispatch
 * (plus one concat when more rest gradients come than free bindings). Returns the new state [3, n].
 */
export function combineAdam(
  state: tf.Tensor2D,
  layout: PackedLayout,
  args: CombineAdamArgs,
): tf.Tensor2D {
  const n = checkPackedState(state);
  if (n !== layout.size)
    throw new Error(`combineAdam: state holds ${n} parameters, layout ${layout.size}`);
  const T = layout.numTasks;
  const Ps = layout.sharedSize;
  const rows = args.J ? args.J.shape[0] : 0;
  if (Ps > 0 && (!args.J || args.J.shape[1] !== Ps || numWeights(args.weights) !== rows)) {
    const got = args.J ? `[${args.J.shape.join(', ')}]` : 'none';
    throw new Error(
      `combineAdam: J must be [R, ${Ps}] with R = ${numWeights(args.weights)} weights, got ${got}`,
    );
  }
  const scaled =
    (args.scaleTaskGrads ?? true) && layout.restSegments.some((s) => s.role === 'task');
  const headWeights = args.headWeights ?? args.weights;
  if (scaled && numWeights(headWeights) !== T) {
    throw new Error(`combineAdam: ${numWeights(headWeights)} head weights for ${T} tasks`);
  }
  const scaledRanges = scaled
    ? layout.restSegments
        .filter((s) => s.role === 'task')
        .map((s) => ({ start: s.offset, perTask: s.size / T, numTasks: T }))
    : [];
  return adamFromSources(state, {
    J: Ps > 0 ? args.J : undefined,
    sharedSize: Ps,
    weights: Ps > 0 ? args.weights : null,
    rest: args.rest,
    headWeights: scaled ? headWeights : null,
    scaledRanges,
    scalars: adamStepScalars(args.config, args.step),
  });
}

/**
 * Adam over the packed state with the gradients of all segments given separately, in packed order
 * (sizes must add up to n). One dispatch when they fit the free bindings (<= 6), else one concat
 * of the tail per 6 extra gradients first (12 gradients: 2 dispatches in all).
 */
export function packedAdam(
  state: tf.Tensor2D,
  grads: readonly tf.Tensor[],
  config: AdamConfig,
  step: number,
): tf.Tensor2D {
  checkPackedState(state);
  return adamFromSources(state, {
    sharedSize: 0,
    weights: null,
    rest: grads,
    headWeights: null,
    scaledRanges: [],
    scalars: adamStepScalars(config, step),
  });
}

interface GradientSources {
  J?: tf.Tensor2D;
  sharedSize: number;
  /** Null when nothing reads them (no shared block / no scaled ranges). */
  weights: TaskWeights | null;
  rest: readonly tf.Tensor[];
  headWeights: TaskWeights | null;
  scaledRanges: ScaledRange[];
  scalars: AdamStepScalars;
}

/** Storage bindings: 8 on a default tfjs device (tfjs never raises the limit); one is the output. */
const MAX_INPUTS = 7;

function adamFromSources(state: tf.Tensor2D, src: GradientSources): tf.Tensor2D {
  const n = state.shape[1];
  const Ps = src.sharedSize;
  const restTotal = src.rest.reduce((a, t) => a + t.size, 0);
  if (restTotal !== n - Ps) {
    throw new Error(`packed Adam: gradients hold ${Ps + restTotal} values, state ${n}`);
  }
  const backend = activeWebGPUBackend();
  return tf.tidy(() => {
    if (!backend) return adamFromSourcesWithTfOps(state, src);
    const shared = src.weights ? weightSource(src.weights, TASK_WEIGHTS) : null;
    const head = src.headWeights ? weightSource(src.headWeights, HEAD_WEIGHTS) : null;
    const weightInputs = [...(shared?.inputs ?? []), ...(head?.inputs ?? [])];
    const budget = MAX_INPUTS - 1 - (Ps > 0 ? 1 : 0) - weightInputs.length;
    let rest = src.rest.filter((t) => t.size > 0).map((t) => tf.reshape(t, [t.size]));
    // Too many pieces for the bindings: concat adjacent tail pieces, at most 7 per concat
    // (tfjs splits larger concats itself, at extra cost), until they fit.
    while (rest.length > budget) {
      const m = Math.min(MAX_INPUTS, rest.length - budget + 1);
      rest = [...rest.slice(0, rest.length - m), tf.concat(rest.slice(rest.length - m))];
    }
    const restRanges: PackedRange[] = [];
    let start = Ps;
    for (const t of rest) {
      restRanges.push({ start, length: t.size });
      start += t.size;
    }
    const plan = { numParams: n, sharedSize: Ps, restRanges, scaledRanges: src.scaledRanges };
    const inputs = [state, ...(Ps > 0 && src.J ? [src.J] : []), ...rest, ...weightInputs];
    const uniforms = [
      ...adamUniforms(src.scalars, n),
      ...(shared?.uniformData ?? []),
      ...(head?.uniformData ?? []),
    ];
    return runProgram<tf.Rank.R2>(
      backend,
      new CombineAdamProgram(plan, shared, head),
      inputs,
      uniforms,
    );
  });
}

function adamFromSourcesWithTfOps(state: tf.Tensor2D, src: GradientSources): tf.Tensor2D {
  const n = state.shape[1];
  const Ps = src.sharedSize;
  const parts: tf.Tensor1D[] = [];
  if (Ps > 0 && src.J && src.weights) {
    const w = tf.reshape(weightTensor(src.weights), [1, src.J.shape[0]]);
    parts.push(tf.reshape(tf.matMul(w, src.J), [Ps]));
  }
  if (n - Ps > 0) {
    const rest = tf.concat(src.rest.map((t) => tf.reshape(t, [t.size]))) as tf.Tensor1D;
    parts.push(src.headWeights ? tf.mul(rest, restScale(src, src.headWeights, n - Ps)) : rest);
  }
  return adamWithTfOps(state, tf.concat(parts) as tf.Tensor1D, src.scalars);
}

/** Per-element multiplier of the rest block: h_t on scaled task blocks, 1 elsewhere. */
function restScale(src: GradientSources, h: TaskWeights, restSize: number): tf.Tensor1D {
  const T = numWeights(h);
  const idx = new Int32Array(restSize).fill(T);
  for (const r of src.scaledRanges) {
    for (let t = 0; t < r.numTasks; t++) {
      const from = r.start - src.sharedSize + t * r.perTask;
      idx.fill(t, from, from + r.perTask);
    }
  }
  const table = tf.concat([weightTensor(h), tf.ones([1])]);
  return tf.gather(table, tf.tensor1d(idx, 'int32')) as tf.Tensor1D;
}
