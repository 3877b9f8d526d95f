/**
 * MGDA-UB: MGDA on the gradients with respect to the shared REPRESENTATION z (LibMTL rep_grad,
 * reference §1.2/§2.7): T cheap head backwards instead of T full ones, then one encoder backward of
 * Σ α_i r_i. The maths is MGDA's; only `needs.gradSource` differs. The engine's R mode
 * (src/core/train/representation.ts) builds the Gram from r flattened to [T, B·H] (SamsungLabs'
 * convention; LibMTL sums r over the batch first). Degenerate inputs as MGDA.
 */
import { createMgda, mgdaOptions } from './mgda';
import type { MethodDefinition } from './types';

export const mgdaub: MethodDefinition = {
  id: 'mgdaub',
  label: 'MGDA-UB',
  summary:
    'The fast "upper bound" version of MGDA: it solves the same shortest-vector problem, but on the ' +
    'gradients with respect to the shared representation (the encoder output) rather than every ' +
    'shared weight, which needs only cheap backward passes through the task heads.',
  citation:
    'O. Sener, V. Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018',
  family: 'gradient',
  needs: { losses: true, grads: 'gram', gradSource: 'representation' },
  options: mgdaOptions,
  create: (context) => createMgda('mgdaub', context),
};
