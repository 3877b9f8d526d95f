/**
 * MMoEEx's expert-diversity matrix (reference seed-systems §2.2, "measuring_diversity"): the E×E
 * Euclidean distances between the experts' output vectors over the same input rows, here the
 * first DIVERSITY_ROWS rows of the test split (the official census script uses its last test
 * batch). An expert's output vector is its last hidden layer on every row, flattened [N·H].
 * Experts: MMoE's E shared experts; CGC/PLE's last level, every task's own experts (task by task)
 * then the shared ones. The distances come from the Gram matrix of those vectors on the device
 * (one E×E readback with the snapshot), symmetrised, with an exact 0 diagonal. The score, as the
 * paper reports it [paper?], is the mean of the matrix divided by its largest entry.
 */
import { tappedForward } from '../engines/tfjs/forward';
import { tf } from '../tf';
import type { ModelState } from './modelState';

export const DIVERSITY_ROWS = 256;

export interface Diversity {
  /** E×E distances ‖f_e(X) − f_f(X)‖₂ over the rows used. */
  matrix: number[][];
  /** Mean of matrix / max(matrix), in [0, 1); 0 when every expert computes the same. */
  score: number;
  /** One label per expert (the order of the matrix). */
  experts: string[];
}

/** Expert labels in matrix order, or null when the architecture has no experts. */
export function expertLabels(model: ModelState): string[] | null {
  const groups = model.arch.expertGroups?.(model.config, model.dims);
  if (!groups?.length) return null;
  return groups.flatMap((g) => Array.from({ length: g.count }, (_, e) => g.label(e)));
}

/** Gram matrix [E, E] of the experts' flattened outputs on rows x (call inside tf.tidy). */
export function expertGram(model: ModelState, x: tf.Tensor2D): tf.Tensor2D | null {
  const groups = model.arch.expertGroups?.(model.config, model.dims);
  if (!groups?.length) return null;
  const { taps } = tappedForward(model, model.variables, x);
  const F = tf.concat(
    groups.map((g) => {
      const a = taps.get(g.tap);
      if (!a) throw new Error(`the ${model.arch.id} forward reported no "${g.tap}" activation`);
      return tf.reshape(a, [g.count, -1]);
    }),
  );
  return tf.matMul(F, F, false, true) as tf.Tensor2D;
}

/** Distances and score from a row-major Gram matrix of E expert vectors. */
export function diversityFromGram(gram: ArrayLike<number>, experts: string[]): Diversity {
  const E = experts.length;
  const g = (i: number, j: number) => (gram[i * E + j] + gram[j * E + i]) / 2;
  const matrix = Array.from({ length: E }, (_, i) =>
    Array.from({ length: E }, (_, j) =>
      i === j ? 0 : Math.sqrt(Math.max(0, g(i, i) + g(j, j) - 2 * g(i, j))),
    ),
  );
  const max = Math.max(0, ...matrix.flat());
  const score = max > 0 ? matrix.flat().reduce((a, v) => a + v / max, 0) / (E * E) : 0;
  return { matrix, score, experts };
}
