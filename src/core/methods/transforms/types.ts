/**
 * A loss transform turns the raw per-task losses ℓ_i into the losses a method then balances,
 * L_i = w_i·log ℓ_i with detached weights w_i (IGB's convention). Its gradient is the positive
 * per-task rescaling (w_i/ℓ_i)·∇ℓ_i, so the engine needs nothing new: a transform only returns
 * that scale c_i = w_i/ℓ_i, and the method stacked on it sees c_i·g_i (see compose.ts).
 */
import type { MethodContext, MethodOptions, OptionSpec } from '../types';

export interface TransformStep {
  /** The loss weights w_i on the log-losses (detached). */
  weights: Float64Array;
  /** c_i = w_i/ℓ_i: the factor on task i's raw-loss gradient. */
  scale: Float64Array;
  /** The transformed per-task losses w_i·log ℓ_i the method on top receives. */
  losses: Float64Array;
}

export interface LossTransformInstance {
  /** Called once per step with the step's raw batch losses, before the update. */
  apply(step: number, stepsPerEpoch: number, losses: Float64Array): TransformStep;
  /** Display state (e.g. IGB's improvable gaps); keys do not clash with the methods' keys. */
  state?(): Record<string, number[]>;
}

export interface LossTransformDefinition {
  id: string;
  label: string;
  summary: string;
  citation: string;
  /** Shown beside the summary when the transform is experimental: one sentence on why. */
  experimental?: string;
  options: OptionSpec[];
  create(context: MethodContext & { options: MethodOptions }): LossTransformInstance;
}

/**
 * log ℓ needs ℓ > 0; an MSE task can reach ~0 (reference mtl-methods §7.5), so ℓ is clamped here.
 */
export const LOG_LOSS_FLOOR = 1e-8;

/** The transform step for given log-loss weights w: scale w/ℓ and losses w·log ℓ (ℓ clamped). */
export function logLossStep(weights: Float64Array, losses: Float64Array): TransformStep {
  const clamped = losses.map((l) => (Number.isFinite(l) ? Math.max(l, LOG_LOSS_FLOOR) : l));
  return {
    weights,
    scale: weights.map((w, i) => w / clamped[i]),
    losses: weights.map((w, i) => w * Math.log(clamped[i])),
  };
}
