/** Valid values of train.lossTransform (a leaf file, so the config schema can import it). */
export const LOSS_TRANSFORM_IDS = ['none', 'igbv1', 'igbv2', 'log'] as const;
export type LossTransformId = (typeof LOSS_TRANSFORM_IDS)[number];
