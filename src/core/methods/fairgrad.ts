/**
 * FairGrad (reference §2.19): w > 0 with (Gw)_i = w_i^(−1/α_F), solved by damped Newton on its
 * convex potential (solvers/fairPotential.ts) instead of scipy least_squares; the solution is
 * unique, so warm-starting from the previous step's w (a speed-up) does not change it. LibMTL
 * applies it as a backward of Σ w_i ℓ_i: heads are weighted by w too, no ×T, no clipping. The
 * weights do not sum to 1 (FairGrad#2). α_F = 1 is exactly Nash-MTL.
 * Degenerate inputs: tasks with a zero shared gradient have no finite solution (w_i → ∞), so they
 * are masked: shared weight 0 and head weight 1. Exactly opposite gradients are kept finite by a
 * 1e-10 ridge on the trace-normalised G (the weights are then large; the shared update cancels).
 */
import { gramOf, nonZeroTasks, numberOption, scatter } from './common';
import { subMatrix } from './solvers/dense';
import { solveFairPotential } from './solvers/fairPotential';
import type { MethodDefinition } from './types';

export interface FairWeights {
  weights: Float64Array;
  /** Head multipliers: the weight for solved tasks, 1 for masked ones. */
  heads: Float64Array;
  residual: number;
}

/** Solve on the tasks with a non-zero gradient; shared by FairGrad and Nash-MTL. */
export function fairWeights(
  gram: Float64Array,
  tasks: number,
  alpha: number,
  previous: Float64Array | null,
): FairWeights {
  const active = nonZeroTasks(gram, tasks);
  if (active.length === 0) {
    return {
      weights: new Float64Array(tasks),
      heads: new Float64Array(tasks).fill(1),
      residual: 0,
    };
  }
  const init = previous ? Float64Array.from(active, (i) => previous[i]) : null;
  const solved = solveFairPotential(subMatrix(gram, tasks, active), active.length, { alpha, init });
  return {
    weights: scatter(solved.weights, active, tasks, 0),
    heads: scatter(solved.weights, active, tasks, 1),
    residual: solved.residual,
  };
}

export const fairgrad: MethodDefinition = {
  id: 'fairgrad',
  label: 'FairGrad',
  summary:
    'Treats the shared update as a resource to be divided fairly among tasks, using the α-fairness ' +
    'idea from network bandwidth allocation. α = 1 gives proportional fairness (the same answer as ' +
    'Nash-MTL); larger α moves toward helping the worst-off task as much as possible.',
  citation: 'H. Ban, K. Ji, "Fair Resource Allocation in Multi-Task Learning", ICML 2024',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'alpha',
      label: 'α (fairness)',
      help: 'FairGrad_alpha: 1 = proportional fairness (LibMTL default; the paper scripts use 2), larger = closer to max-min.',
      default: 1,
      kind: 'number',
      min: 0.01,
      max: 100,
      step: 0.1,
    },
  ],
  create({ tasks, options }) {
    const alpha = numberOption(options, 'alpha');
    let previous: Float64Array | null = null;
    return {
      aggregate(input) {
        const result = fairWeights(gramOf(input, tasks, 'fairgrad'), tasks, alpha, previous);
        previous = result.heads;
        return { weights: result.weights, headWeights: result.heads };
      },
      state: () => ({ weights: previous ? Array.from(previous) : [] }),
    };
  },
};
