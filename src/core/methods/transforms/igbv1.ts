/**
 * IGBv1, improvable gap balancing (reference seed-systems §1.1; official code YanqiDai/IGB4MTL,
 * ImprovableGapBalancing_v1). The loss is Σ w_i·log ℓ_i with detached weights
 * w = T·softmax(ℓ/ℓ_base): a task whose loss is still close to its early base value (a large gap
 * left to close) gets more weight; Σw = T. Before the base exists w = 1 (plain log-losses).
 *
 * The base window (baseWindow.ts): the mean training loss of epoch `base_epoch` (official: 1, the
 * second epoch); IGB weights start with the first step after it. Losses are clamped at 1e-8
 * before the log and the ratio (ours; the official code has no guard).
 */
import { numberOption, ones, softmax } from '../common';
import type { OptionSpec } from '../types';
import { createBaseWindow } from './baseWindow';
import { LOG_LOSS_FLOOR, logLossStep, type LossTransformDefinition } from './types';

export const IGB_OPTIONS: OptionSpec[] = [
  {
    key: 'base_epoch',
    label: 'base epoch',
    help: 'The epoch (0-based) whose mean training losses become the base ℓ_base (official: 1, the second epoch). Plain log-losses before.',
    default: 1,
    kind: 'integer',
    min: 0,
    max: 1000,
    step: 1,
  },
  {
    key: 'base_epochs',
    label: 'base window (epochs)',
    help: 'How many epochs from the base epoch are averaged into ℓ_base (official: 1).',
    default: 1,
    kind: 'integer',
    min: 1,
    max: 1000,
    step: 1,
  },
];

/** w = T·softmax(ℓ/ℓ_base), the IGBv1 weights (temperature 1, as in the official code). */
export function igbWeights(losses: ArrayLike<number>, base: ArrayLike<number>): Float64Array {
  const T = losses.length;
  const ratios = Array.from(losses, (l, i) => l / Math.max(base[i], LOG_LOSS_FLOOR));
  return softmax(ratios).map((p) => T * p);
}

/** The microscope's IGB values (ImprovableGapView): weights, w/ℓ, gaps ℓ/ℓ_base, the base. */
export function igbState(
  weights: Float64Array,
  losses: Float64Array,
  base: Float64Array | null,
): Record<string, number[]> {
  const floor = (v: number) => Math.max(v, LOG_LOSS_FLOOR);
  return {
    igbWeights: Array.from(weights),
    igbEffectiveWeights: Array.from(weights, (w, i) => w / floor(losses[i])),
    igbGap: base ? Array.from(losses, (l, i) => l / floor(base[i])) : [],
    igbBase: base ? Array.from(base) : [],
  };
}

export const igbv1Transform: LossTransformDefinition = {
  id: 'igbv1',
  label: 'IGBv1',
  summary:
    'Trains on log-losses weighted by the improvable gap: after an early base window each task’s ' +
    'current loss is divided by its base loss, and T·softmax of these ratios gives the weights, so ' +
    'a task that has improved least gets the most weight. Before the base is set the log-losses ' +
    'are summed with weight 1.',
  citation: 'Y. Dai, N. Fei, Z. Lu, "Improvable Gap Balancing for Multi-Task Learning", UAI 2023',
  options: IGB_OPTIONS,
  create({ tasks, options }) {
    const window = createBaseWindow(
      tasks,
      numberOption(options, 'base_epoch'),
      numberOption(options, 'base_epochs'),
    );
    let base: Float64Array | null = null;
    let last = { weights: ones(tasks), losses: ones(tasks) };
    return {
      apply(step, stepsPerEpoch, losses) {
        base = window.see(step, stepsPerEpoch, losses);
        const weights = base ? igbWeights(losses, base) : ones(tasks);
        last = { weights, losses: Float64Array.from(losses) };
        return logLossStep(weights, losses);
      },
      state: () => igbState(last.weights, last.losses, base),
    };
  },
};
