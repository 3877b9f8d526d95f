/**
 * FAMO (reference §2.16). Logits ξ (start 0) with their own Adam (lr w_lr, coupled weight decay
 * γ as PyTorch's Adam). Before the backward: z = softmax(ξ), D_i = ℓ_i − ℓ_min + 1e-8 (ℓ_min = 0),
 * c = Σ z_i/D_i; the loss Σ z_i log D_i / c has gradient Σ (z_i/(c D_i)) ∇ℓ_i, so the engine
 * trains on weights z_i/(c D_i) (they sum to 1), heads included. After the update the engine
 * re-evaluates the same batch: δ_i = log D_i − log D'_i, ∇_ξ = z ⊙ (δ − zᵀδ), one Adam step.
 * No ×T and no clipping (LibMTL). Degenerate inputs: gradients are not used; non-positive
 * losses are floored at 0 before the 1e-8 so logs stay finite; a missing or non-finite
 * lossesAfter skips the ξ update.
 */
import { VectorAdam } from './adam';
import { lossesOf, numberOption, softmax } from './common';
import type { MethodDefinition } from './types';

export const famo: MethodDefinition = {
  id: 'famo',
  label: 'Fast adaptive MTL (FAMO)',
  summary:
    'Aims for every task loss to fall at the same relative rate, without computing any per-task ' +
    'gradient. After each step it checks, on the same batch, how much each loss actually dropped ' +
    '(in log terms) and shifts weight toward the tasks that improved least.',
  citation:
    'B. Liu, Y. Feng, P. Stone, Q. Liu, "FAMO: Fast Adaptive Multitask Optimization", NeurIPS 2023',
  family: 'loss',
  needs: { losses: true, grads: 'none', lossesAfter: true },
  options: [
    {
      key: 'w_lr',
      label: 'weight learning rate',
      help: 'Adam learning rate of the task logits (LibMTL FAMO_w_lr 0.025).',
      default: 0.025,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.005,
    },
    {
      key: 'gamma',
      label: 'weight decay γ',
      help: 'L2 decay of the task logits toward equal weights (LibMTL FAMO_w_gamma 1e-3).',
      default: 1e-3,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.001,
    },
  ],
  create({ tasks, options }) {
    const logits = new Float64Array(tasks);
    const adam = new VectorAdam(
      tasks,
      numberOption(options, 'w_lr'),
      numberOption(options, 'gamma'),
    );
    const shifted = (l: number) => Math.max(l, 0) + 1e-8;
    let last: Float64Array = new Float64Array(tasks).fill(1 / tasks);
    return {
      aggregate(input) {
        const losses = lossesOf(input, tasks, 'famo');
        const z = softmax(logits);
        const d = losses.map(shifted);
        let c = 0;
        for (let i = 0; i < tasks; i++) c += z[i] / d[i];
        last = z.map((zi, i) => zi / (c * d[i]));
        return { weights: last, headWeights: Float64Array.from(last) };
      },
      observe(losses, lossesAfter) {
        if (!lossesAfter || lossesAfter.length !== tasks) return;
        const z = softmax(logits);
        const delta = losses.map(
          (l, i) => Math.log(shifted(l)) - Math.log(shifted(lossesAfter[i])),
        );
        if (!delta.every(Number.isFinite)) return;
        let mean = 0;
        for (let i = 0; i < tasks; i++) mean += z[i] * delta[i];
        adam.step(
          logits,
          z.map((zi, i) => zi * (delta[i] - mean)),
        );
      },
      state: () => ({ logits: Array.from(logits), weights: Array.from(last) }),
    };
  },
};
