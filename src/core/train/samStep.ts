/**
 * One step of flat-region SAM around the run's method (methods/procedures/sam.ts gives the
 * algorithm and its sources). Plain tfjs path (on webgpu through the fused optimizer's `apply`):
 *   1. replicated backward at θ: g_i on the shared parameters (J) and on task i's own parameters;
 *   2. ε_i per task (samPerturbation), on device;
 *   3. replicated backward at the perturbed copies: copy i of the shared parameters is θ_s + ε_i^s
 *      and task i's own parameters are θ_i + ε_i^h, so one pass gives every g_i^SAM and every
 *      head's gradient at its own perturbed point. No variable is written: nothing to restore;
 *   4. one readback (losses at θ and at θ + ε, Gram of J and of H = J^SAM − J, rows if the method
 *      needs them), the method on J and its second instance on H, and one optimizer update.
 */
import { gramMatrix } from '../engines/webgpu/gramStats';
import type { MethodInput, MethodOptions, ProcedureHooks } from '../methods/types';
import { tf } from '../tf';
import type { Batch } from './deviceData';
import { perTaskGradients, perTaskGradientsAt } from './gradients';
import type { ModelState } from './modelState';
import { separateGradients, sharedUpdate } from './sharedUpdate';
import { observe, sequentialReader, type StepContext, type StepOutcome } from './stepCommon';
import { tidyKeep } from './tidy';

export interface SamSettings {
  rho: number;
  adaptive: boolean;
  norm: 'joint' | 'separate';
}

export function samSettings(options: MethodOptions): SamSettings {
  return {
    rho: Number(options.sam_rho),
    adaptive: options.sam_adaptive === true,
    norm: options.sam_norm === 'joint' ? 'joint' : 'separate',
  };
}

/** The official SAM guard on the gradient norm. */
const NORM_EPS = 1e-12;

/** Every task-specific variable [T, ...] flattened to [T, n] and side by side [T, Ph]; null if none. */
export function taskRows(tensors: tf.Tensor[], T: number): tf.Tensor2D | null {
  if (tensors.length === 0) return null;
  const rows = tensors.map((t) => tf.reshape(t, [T, -1]));
  return (rows.length === 1 ? rows[0] : tf.concat(rows, 1)) as tf.Tensor2D;
}

/** The inverse of taskRows: [T, Ph] back into tensors shaped like `like`. */
function splitRows(rows: tf.Tensor2D, like: tf.Tensor[]): tf.Tensor[] {
  const T = rows.shape[0];
  const sizes = like.map((t) => t.size / T);
  const parts = sizes.length === 1 ? [rows] : tf.split(rows, sizes, 1);
  return parts.map((p, k) => tf.reshape(p, like[k].shape));
}

export interface Perturbation {
  /** ε^s [T, P]: row i is task i's perturbation of the shared parameters; null when P = 0. */
  shared: tf.Tensor2D | null;
  /** ε^h [T, Ph]: row i perturbs task i's own parameters; null when there are none. */
  heads: tf.Tensor2D | null;
}

/**
 * ε_i = ρ·s_i/(‖a_i‖ + 1e-12) per task and block: plain s = a = g; adaptive s = w⊙w⊙g,
 * a = |w|⊙g. `joint`: one norm over the shared and the task block; `separate`: one per block.
 * gS [T, P] with wS [1, P] (the same shared weights for every task); gH, wH [T, Ph].
 */
export function samPerturbation(
  gS: tf.Tensor2D | null,
  wS: tf.Tensor2D | null,
  gH: tf.Tensor2D | null,
  wH: tf.Tensor2D | null,
  settings: SamSettings,
): Perturbation {
  const block = (g: tf.Tensor2D | null, w: tf.Tensor2D | null) => {
    if (!g || !w) return null;
    const a = settings.adaptive ? tf.mul(tf.abs(w), g) : g;
    const s = settings.adaptive ? tf.mul(tf.square(w), g) : g;
    return { s, sq: tf.sum(tf.square(a), 1, true) as tf.Tensor2D };
  };
  const S = block(gS, wS);
  const H = block(gH, wH);
  const scale = (sq: tf.Tensor) => tf.div(settings.rho, tf.add(tf.sqrt(sq), NORM_EPS));
  const joint = settings.norm === 'joint' && S && H ? scale(tf.add(S.sq, H.sq)) : null;
  return {
    shared: S ? (tf.mul(S.s, joint ?? scale(S.sq)) as tf.Tensor2D) : null,
    heads: H ? (tf.mul(H.s, joint ?? scale(H.sq)) as tf.Tensor2D) : null,
  };
}

/** The shared parameters flattened [1, P] (null when there are none). */
function sharedRow(model: ModelState): tf.Tensor2D | null {
  if (model.sharedIndex.length === 0) return null;
  const flat = model.sharedIndex.map((i) => tf.reshape(model.variables[i], [1, -1]));
  return (flat.length === 1 ? flat[0] : tf.concat(flat, 1)) as tf.Tensor2D;
}

interface SamTensors {
  losses: tf.Tensor1D;
  J: tf.Tensor2D | null;
  H: tf.Tensor2D | null;
  /** Head gradients at each task's own perturbed point, in model.taskIndex order. */
  heads: tf.Tensor[];
  packed: tf.Tensor1D;
}

/** Steps 1-3 on device, packed for one readback (call outside tidy; the caller disposes). */
export function samTensors(
  model: ModelState,
  ctx: Pick<StepContext, 'lossFns'>,
  batch: Batch,
  settings: SamSettings,
  withRows: boolean,
): SamTensors {
  return tidyKeep(() => {
    const T = model.dims.tasks;
    const g = perTaskGradients(model, ctx.lossFns, batch);
    const headVars = model.taskIndex.map((i) => model.variables[i]);
    const wS = sharedRow(model);
    const wH = taskRows(headVars, T);
    const eps = samPerturbation(g.jacobian, wS, taskRows(g.headGrads, T), wH, settings);
    const tiled =
      wS && eps.shared ? model.unflattenTiled(tf.add(wS, eps.shared) as tf.Tensor2D) : [];
    const heads = wH && eps.heads ? splitRows(tf.add(wH, eps.heads) as tf.Tensor2D, headVars) : [];
    const at = perTaskGradientsAt(model, ctx.lossFns, batch, tiled, heads);
    const H = g.jacobian && at.jacobian ? (tf.sub(at.jacobian, g.jacobian) as tf.Tensor2D) : null;
    const zeros = tf.zeros([T * T]);
    const parts: tf.Tensor[] = [
      g.losses,
      at.losses,
      g.jacobian ? tf.reshape(gramMatrix(g.jacobian), [-1]) : zeros,
      H ? tf.reshape(gramMatrix(H), [-1]) : zeros,
    ];
    if (withRows && g.jacobian && H) parts.push(tf.reshape(g.jacobian, [-1]), tf.reshape(H, [-1]));
    return {
      losses: g.losses,
      J: g.jacobian,
      H,
      heads: at.headGrads,
      packed: tf.concat(parts) as tf.Tensor1D,
    };
  });
}

/** What the microscope shows for SAM (methods' state keys; cosines row-major T x T). */
function samReport(
  T: number,
  losses: Float64Array,
  lossesAt: Float64Array,
  gramG: Float64Array,
  gramH: Float64Array,
): Record<string, number[]> {
  const norm = (G: Float64Array, i: number) => Math.sqrt(Math.max(0, G[i * T + i]));
  const hNorms = Array.from({ length: T }, (_, i) => norm(gramH, i));
  const cos = Array.from({ length: T * T }, (_, k) => {
    const [i, j] = [Math.floor(k / T), k % T];
    const d = hNorms[i] * hNorms[j];
    return d > 0 ? gramH[k] / d : 0;
  });
  return {
    samLossGradNorm: Array.from({ length: T }, (_, i) => norm(gramG, i)),
    samFlatGradNorm: hNorms,
    samFlatCos: cos,
    samSharpness: Array.from(lossesAt, (l, i) => l - losses[i]),
  };
}

export async function samStep(
  ctx: StepContext,
  hooks: ProcedureHooks,
  step: number,
  batch: Batch,
): Promise<StepOutcome> {
  const { model } = ctx;
  const T = model.dims.tasks;
  const P = model.sharedSize;
  const withRows = ctx.needs.grads === 'jacobian';
  const k = samTensors(model, ctx, batch, samSettings(hooks.options), withRows);
  try {
    const take = sequentialReader(await k.packed.data());
    const losses = take(T);
    const lossesAt = take(T);
    const gramG = take(T * T);
    const gramH = take(T * T);
    const rows = () => Array.from({ length: T }, () => take(P));
    const jacobianG = withRows && k.J ? rows() : undefined;
    const jacobianH = withRows && k.H ? rows() : undefined;
    const base: MethodInput = { step, stepsPerEpoch: ctx.sampler.stepsPerEpoch, losses };
    const result = ctx.method.aggregate({ ...base, gram: gramG, jacobian: jacobianG });
    // All h_i = 0 (ρ = 0): the flatness term is 0 for any method, and the step is the method's.
    const flat = gramH.some((v) => v !== 0)
      ? (hooks.flatness ?? ctx.method).aggregate({ ...base, gram: gramH, jacobian: jacobianH })
      : null;
    tf.tidy(() => {
      const grads = separateGradients(ctx, result, gramG, k.J, k.heads);
      if (flat && k.H) {
        const extra = model.unflattenShared(sharedUpdate(ctx, flat, gramH, k.H));
        model.sharedIndex.forEach((idx, j) => (grads[idx] = tf.add(grads[idx], extra[j])));
      }
      ctx.optimizer.apply(grads);
      ctx.lossSum.assign(tf.add(ctx.lossSum, k.losses));
    });
    hooks.report(samReport(T, losses, lossesAt, gramG, gramH));
    await observe(ctx, losses, null, () => Promise.reject(new Error('SAM gives no losses after')));
    return {
      weights: result.weights ? Array.from(result.weights) : null,
      gram: gramG,
      probe: null,
    };
  } finally {
    tf.dispose([k.losses, k.packed, ...k.heads, ...(k.J ? [k.J] : []), ...(k.H ? [k.H] : [])]);
  }
}
