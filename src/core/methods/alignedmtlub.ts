/**
 * Aligned-MTL-UB: Aligned-MTL on the gradients with respect to the shared representation (LibMTL
 * rep_grad, SamsungLabs amtlub). Same maths and degenerate behaviour as alignedmtl.ts; only
 * `needs.gradSource` differs: the engine's R mode (src/core/train/representation.ts) hands it the
 * Gram of r flattened to [T, B·H] and applies the weights to r before one encoder backward.
 */
import { alignedOptions, createAligned } from './alignedmtl';
import type { MethodDefinition } from './types';

export const alignedmtlub: MethodDefinition = {
  id: 'alignedmtlub',
  label: 'Aligned-MTL-UB',
  summary:
    'The fast "upper bound" version of Aligned-MTL: the same alignment, computed on the gradients ' +
    'with respect to the shared representation (the encoder output), which needs only cheap ' +
    'backward passes through the task heads.',
  citation:
    'D. Senushkin, N. Patakin, A. Kuznetsov, A. Konushin, "Independent Component Alignment for Multi-Task Learning", CVPR 2023',
  family: 'gradient',
  needs: { losses: false, grads: 'gram', gradSource: 'representation' },
  options: alignedOptions,
  create: (context) => createAligned('alignedmtlub', context),
};
