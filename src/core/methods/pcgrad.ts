/**
 * PCGrad (reference §2.8), Gram-only form (TorchJD): for each task i, coefficients c = e_i; for j ≠ i
 * in a fresh random order (the engine's seeded generator), if p_i·g_j = (Gc)_j < 0 then
 * c_j −= (Gc)_j / G_jj (projection onto the ORIGINAL g_j). Weights Σ_i c; the update is the SUM of
 * the projected gradients (LibMTL/nash-mtl). Heads unweighted.
 * Degenerate inputs: a zero g_j is skipped (nothing to project on), so it just contributes 0;
 * identical gradients never conflict (weights 1); exactly opposite gradients g, −g each lose all of
 * their component along the other, giving weights (2, 2) and update 0, finite.
 */
import { gramOf, nonZeroTasks } from './common';
import { shuffled } from './random';
import type { MethodDefinition } from './types';

/** PCGrad weights for one random order per task; exported for UPGrad's T = 2 test. */
export function pcgradWeights(
  gram: Float64Array,
  tasks: number,
  random: () => number,
): Float64Array {
  const usable = new Set(nonZeroTasks(gram, tasks));
  const weights = new Float64Array(tasks);
  for (let i = 0; i < tasks; i++) {
    const c = new Float64Array(tasks);
    c[i] = 1;
    const others = [...usable].filter((j) => j !== i);
    for (const j of shuffled(others, random)) {
      let inner = 0;
      for (let k = 0; k < tasks; k++) inner += gram[j * tasks + k] * c[k];
      if (inner < 0) c[j] -= inner / gram[j * tasks + j];
    }
    for (let k = 0; k < tasks; k++) weights[k] += c[k];
  }
  return weights;
}

export const pcgrad: MethodDefinition = {
  id: 'pcgrad',
  label: 'PCGrad',
  summary:
    'Gradient surgery: when two task gradients point against each other (negative dot product), each ' +
    'one is projected onto the plane perpendicular to the other, removing the conflicting part. The ' +
    'projected gradients are then added. Tasks are visited in a random order each step.',
  citation:
    'T. Yu, S. Kumar, A. Gupta, S. Levine, K. Hausman, C. Finn, "Gradient Surgery for Multi-Task Learning", NeurIPS 2020',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [],
  create({ tasks, random }) {
    return {
      aggregate(input) {
        const weights = pcgradWeights(gramOf(input, tasks, 'pcgrad'), tasks, random);
        return { weights, headWeights: new Float64Array(tasks).fill(1) };
      },
    };
  },
};
