/**
 * IGBv1 as a loss-weighting method: EW under the IGBv1 loss transform (transforms/igbv1.ts has the
 * algorithm, the official defaults and our choices). The engine trains Σ (w_i/ℓ_i)·ℓ_i with the
 * weights taken on the detached losses, whose gradient is that of Σ w_i·log ℓ_i. Needs the step's
 * losses before the update: one small readback per step (like STCH and FAMO).
 */
import { ew } from './ew';
import { composeMethod } from './transforms/compose';
import { igbv1Transform } from './transforms/igbv1';
import type { MethodDefinition } from './types';

export const igbv1: MethodDefinition = {
  ...composeMethod(ew, igbv1Transform),
  id: 'igbv1',
  label: 'Improvable gap balancing (IGBv1)',
  summary:
    igbv1Transform.summary +
    ' The base is the mean training loss of an early window (default: the second epoch, as in the ' +
    'official code); loss is clamped at 1e-8 before the log (our guard). It can also be stacked ' +
    'under any gradient method with “loss transform”.',
  citation: igbv1Transform.citation,
  family: 'loss',
};
