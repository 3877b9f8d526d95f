/**
 * Aligned-MTL (reference §2.14): G = VΛVᵀ; keep eigenpairs with λ > λ_max·T·ε_f32 (the rank R);
 * B = √λ_scale · V Λ^(−1/2) Vᵀ over the kept pairs, λ_scale = the smallest kept eigenvalue ('min',
 * default), their median or their mean ('rmse'); α = B·1 (LibMTL/SamsungLabs scale, T× TorchJD's).
 * Then the rows of BJ are orthogonal with equal norm √λ_scale: condition number 1. Heads unweighted.
 * Degenerate inputs: rank 0 (all gradients zero) gives weights 1 (TorchJD: identity); a zero
 * gradient drops out of the kept eigenspace (α_i = 0); identical gradients give α = 1 each;
 * exactly opposite gradients give α = 0 (their sum is zero anyway).
 */
import { gramOf, stringOption } from './common';
import { matVec } from './solvers/dense';
import { symmetricEigen } from './solvers/eigen';
import { FLOAT32_EPS } from './solvers/pinv';
import type { MethodContext, MethodDefinition, MethodInstance } from './types';

/** B = √λ_scale · V Λ^(−1/2) Vᵀ over the kept eigenpairs (row-major T×T), or null at rank 0. */
export function alignmentMatrix(
  gram: Float64Array,
  tasks: number,
  mode: string,
): Float64Array | null {
  const { values, vectors } = symmetricEigen(gram, tasks);
  const tol = Math.max(values[0], 0) * tasks * FLOAT32_EPS;
  const kept: number[] = [];
  for (let k = 0; k < tasks; k++) if (values[k] > tol && values[k] > 0) kept.push(k);
  if (kept.length === 0) return null;
  const sorted = kept.map((k) => values[k]).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const scale = mode === 'median' ? median : mode === 'rmse' ? mean : sorted[0];
  const b = new Float64Array(tasks * tasks);
  for (const k of kept) {
    const factor = Math.sqrt(scale / values[k]);
    for (let i = 0; i < tasks; i++) {
      for (let j = 0; j < tasks; j++)
        b[i * tasks + j] += factor * vectors[i * tasks + k] * vectors[j * tasks + k];
    }
  }
  return b;
}

export function alignedWeights(gram: Float64Array, tasks: number, mode: string): Float64Array {
  const b = alignmentMatrix(gram, tasks, mode);
  if (!b) return new Float64Array(tasks).fill(1);
  return matVec(b, tasks, new Float64Array(tasks).fill(1));
}

export const alignedOptions: MethodDefinition['options'] = [
  {
    key: 'scale_mode',
    label: 'scale',
    help: "Common singular value after alignment: the smallest ('min', default), the median, or the mean ('rmse').",
    default: 'min',
    kind: 'select',
    choices: ['min', 'median', 'rmse'],
  },
];

export function createAligned(id: string, { tasks, options }: MethodContext): MethodInstance {
  const mode = stringOption(options, 'scale_mode');
  return {
    aggregate: (input) => ({
      weights: alignedWeights(gramOf(input, tasks, id), tasks, mode),
      headWeights: new Float64Array(tasks).fill(1),
    }),
  };
}

export const alignedmtl: MethodDefinition = {
  id: 'alignedmtl',
  label: 'Aligned-MTL',
  summary:
    'Makes the task gradients behave like a well-conditioned set: it rotates and rescales them so ' +
    'they become orthogonal with equal lengths (condition number 1), then adds them. Dominating ' +
    'and conflicting directions are both removed, and the result is stable along training.',
  citation:
    'D. Senushkin, N. Patakin, A. Kuznetsov, A. Konushin, "Independent Component Alignment for Multi-Task Learning", CVPR 2023',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: alignedOptions,
  create: (context) => createAligned('alignedmtl', context),
};
