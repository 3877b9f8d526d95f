/**
 * EW: equal weighting, the baseline every other method is compared with.
 * LibMTL convention: the loss is the plain SUM Σ ℓ_i (weights 1, not 1/T), so heads and shared
 * parameters get exactly their task gradients. Degenerate inputs cannot affect it.
 */
import { ones } from './common';
import type { MethodDefinition } from './types';

export const ew: MethodDefinition = {
  id: 'ew',
  label: 'Equal weighting (EW)',
  summary:
    'Adds the task losses together with weight 1 each and trains on the sum. It is the simplest ' +
    'choice and the baseline: whatever task has the largest loss or gradient dominates the shared ' +
    'layers. Every other method is a way to do better than this when tasks compete.',
  citation:
    'Baseline; as implemented in B. Lin, Y. Zhang, "LibMTL: A Python Library for Multi-Task Learning", JMLR 2023',
  family: 'loss',
  needs: { losses: false, grads: 'none' },
  options: [],
  create({ tasks }) {
    return {
      aggregate: () => ({ weights: ones(tasks), headWeights: ones(tasks) }),
    };
  },
};
