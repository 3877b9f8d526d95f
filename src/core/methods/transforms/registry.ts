/**
 * The loss transforms a method can be stacked on ("loss transform" in the Model panel, the config's
 * train.lossTransform): 'none' plus one entry per file.
 */
import { igbv1Transform } from './igbv1';
import { igbv2Transform } from './igbv2';
import { logLossesTransform } from './logLosses';
import type { LossTransformId } from './ids';
import type { LossTransformDefinition } from './types';

export { type LossTransformId } from './ids';

export const LOSS_TRANSFORMS: readonly LossTransformDefinition[] = [
  igbv1Transform,
  igbv2Transform,
  logLossesTransform,
];

export function getLossTransform(id: LossTransformId): LossTransformDefinition | null {
  return LOSS_TRANSFORMS.find((t) => t.id === id) ?? null;
}
