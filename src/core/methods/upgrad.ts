/**
 * UPGrad (TorchJD; reference §2.17). Ĝ = G/tr(G) (0 if tr(G) < norm_eps) + reg_eps·I; for each i,
 * v⁽ⁱ⁾ = argmin vᵀĜv s.t. v_i ≥ 1/T, v_j ≥ 0 (the projection of g_i/T onto the dual cone
 * {x : g_j·x ≥ 0 ∀j}), solved exactly by the active-set box-QP solver; w = Σ_i v⁽ⁱ⁾. The update
 * conflicts with no task: g_j·d ≥ −reg_eps·tr(G)·w_j. For T = 2 it is half the PCGrad sum.
 * The preference vector is fixed to 1/T (TorchJD's default). Heads unweighted.
 * Degenerate inputs: the ridge keeps every QP strictly convex, so a zero, repeated or opposite
 * gradient still gives finite weights (opposite gradients: equal weights, zero update).
 */
import { gramOf, numberOption } from './common';
import { solveBoxQp } from './solvers/boxQp';
import { trace } from './solvers/dense';
import type { MethodDefinition } from './types';

export function upgradWeights(
  gram: Float64Array,
  tasks: number,
  normEps: number,
  regEps: number,
): Float64Array {
  const tr = trace(gram, tasks);
  const q = tr < normEps ? new Float64Array(tasks * tasks) : gram.map((v) => v / tr);
  for (let i = 0; i < tasks; i++) q[i * tasks + i] += regEps;
  const weights = new Float64Array(tasks);
  for (let i = 0; i < tasks; i++) {
    const lower = new Float64Array(tasks);
    lower[i] = 1 / tasks;
    const v = solveBoxQp(q, tasks, lower);
    for (let k = 0; k < tasks; k++) weights[k] += v[k];
  }
  return weights;
}

export const upgrad: MethodDefinition = {
  id: 'upgrad',
  label: 'UPGrad',
  summary:
    'Projects each task gradient onto the set of directions that harm no task (every task gradient ' +
    'has a non-negative dot product with them) and averages the projections. The update therefore ' +
    'never increases any task loss to first order, and it keeps the relative influence of each task.',
  citation:
    'P. Quinton, V. Rey, "Jacobian Descent for Multi-Objective Optimization", arXiv:2406.16232, 2024',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'norm_eps',
      label: 'norm eps',
      help: 'If the trace of G is below this, G is treated as zero (TorchJD/LibMTL 1e-4).',
      default: 1e-4,
      kind: 'number',
      min: 0,
      max: 1,
      step: 1e-5,
    },
    {
      key: 'reg_eps',
      label: 'regularisation eps',
      help: 'Ridge added to the normalised Gram matrix so every QP is strictly convex (1e-4).',
      default: 1e-4,
      kind: 'number',
      min: 0,
      max: 1,
      step: 1e-5,
    },
  ],
  create({ tasks, options }) {
    const normEps = numberOption(options, 'norm_eps');
    const regEps = numberOption(options, 'reg_eps');
    return {
      aggregate: (input) => ({
        weights: upgradWeights(gramOf(input, tasks, 'upgrad'), tasks, normEps, regEps),
        headWeights: new Float64Array(tasks).fill(1),
      }),
    };
  },
};
