/**
 * CAGrad (reference §2.12), LibMTL's exact algorithm from the Gram matrix:
 *   ‖g_0‖ = √(mean(G) + 1e-8), φ = c‖g_0‖ + 1e-8,
 *   w* = argmin_{w∈Δ} wᵀG(1/T) + φ√(wᵀGw + 1e-8)   (solvers/cagradDual.ts),
 *   λ = φ/(‖g_w‖ + 1e-8),  weights = (1/T + λ w*_i) / rescale,  rescale ∈ {1, 1+c², 1+c}.
 * No ×T (LibMTL); heads unweighted. Degenerate inputs: all the divisions carry LibMTL's 1e-8, so a
 * zero or cancelling combination gives finite (large-λ but zero-length) terms; with all gradients
 * zero the update is zero.
 */
import { gramOf, numberOption } from './common';
import { quadForm } from './solvers/dense';
import { solveCagradDual } from './solvers/cagradDual';
import type { MethodDefinition } from './types';

export function cagradWeights(
  gram: Float64Array,
  tasks: number,
  c: number,
  rescale: number,
): Float64Array {
  let mean = 0;
  for (const v of gram) mean += v / (tasks * tasks);
  const phi = c * Math.sqrt(Math.max(mean, 0) + 1e-8) + 1e-8;
  const w = solveCagradDual(gram, tasks, phi);
  const lambda = phi / (Math.sqrt(Math.max(quadForm(gram, tasks, w), 0)) + 1e-8);
  const divisor = rescale === 1 ? 1 + c * c : rescale === 2 ? 1 + c : 1;
  return w.map((wi) => (1 / tasks + lambda * wi) / divisor);
}

export const cagrad: MethodDefinition = {
  id: 'cagrad',
  label: 'Conflict-averse gradient (CAGrad)',
  summary:
    'Starts from the average gradient and moves within a ball around it (radius c times its length) ' +
    'to the point that most improves the worst-off task. With c = 0 it is plain averaging; larger ' +
    'c protects the weakest task more, approaching MGDA.',
  citation:
    'B. Liu, X. Liu, X. Jin, P. Stone, Q. Liu, "Conflict-Averse Gradient Descent for Multi-task Learning", NeurIPS 2021',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'c',
      label: 'c (calpha)',
      help: 'Radius of the ball around the mean gradient, relative to its length (LibMTL calpha 0.5).',
      default: 0.5,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.05,
    },
    {
      key: 'rescale',
      label: 'rescale',
      help: 'Divide the update by 1 (0), 1+c² (1, LibMTL default) or 1+c (2).',
      default: 1,
      kind: 'integer',
      min: 0,
      max: 2,
      step: 1,
    },
  ],
  create({ tasks, options }) {
    const c = numberOption(options, 'c');
    const rescale = numberOption(options, 'rescale');
    return {
      aggregate: (input) => ({
        weights: cagradWeights(gramOf(input, tasks, 'cagrad'), tasks, c, rescale),
        headWeights: new Float64Array(tasks).fill(1),
      }),
    };
  },
};
