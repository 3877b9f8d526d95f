/**
 * The data map's "confidence": the model's probability of the TRUE label for one sample
 * (STG-MTL, util/datamap.py; dataset cartography). Classification as in the paper; regression is
 * a lab extension (the paper covers classification only): a bounded per-sample confidence
 * exp(−(y − ŷ)² / (2σ̂²)) with σ̂² the task's training-label variance, 1 for a perfect prediction
 * and ≈ 0.61 at one label standard deviation off.
 */
import type { TaskInfo } from '../data/types';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** p(true label) of a binary logit: σ(z) when y = 1, 1 − σ(z) when y = 0 (the code's 1 − |y − σ(z)|). */
export function binaryConfidence(logit: number, label: number): number {
  return 1 - Math.abs(label - sigmoid(logit));
}

/** Softmax probability of class `label` among the first `classes` logits. */
export function multiclassConfidence(
  logits: ArrayLike<number>,
  classes: number,
  label: number,
): number {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, logits[k]);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += Math.exp(logits[k] - max);
  return Math.exp(logits[label] - max) / sum;
}

/** Lab extension for regression: exp(−(y − ŷ)² / (2σ̂²)). */
export function regressionConfidence(
  prediction: number,
  label: number,
  labelVariance: number,
): number {
  const v = labelVariance > 0 ? labelVariance : 1;
  return Math.exp(-((label - prediction) ** 2) / (2 * v));
}

/** Confidence of one task's outputs `z` (its used units) for `label`, by the task's kind. */
export function confidence(
  task: TaskInfo,
  z: ArrayLike<number>,
  label: number,
  labelVariance: number,
): number {
  if (task.kind === 'binary') return binaryConfidence(z[0], label);
  if (task.kind === 'multiclass') return multiclassConfidence(z, task.outputs, label);
  return regressionConfidence(z[0], label, labelVariance);
}
