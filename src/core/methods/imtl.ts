/**
 * IMTL (reference §2.11), LibMTL's hybrid: IMTL-L scaling + IMTL-G on the scaled gradients.
 *  - IMTL-L: learned s (init 0); the scaled loss is e^{s_i}ℓ_i − s_i, so the scaled gradients are
 *    e^{s_i} g_i and their Gram matrix is D G D with D = diag(e^s). s is trained in observe() with
 *    Adam on ∂/∂s_i = e^{s_i}ℓ_i − 1 (weight decay 1e-5, model learning rate unless weight_lr),
 *    which drives e^{s_i}ℓ_i → 1.
 *  - IMTL-G, Gram-only (TorchJD): v = pinv(G')·(√G'_ii), α = v/Σv (α = 0 if |Σv| < 1e-12 after
 *    trace normalisation), d = Σ α_i e^{s_i} g_i, so every task sees the same projection d·u_i.
 * Weights returned: α_i e^{s_i}. Heads get their scaled gradient e^{s_i}∇ℓ_i (LibMTL: the scaled
 * loss is backpropagated per task, unweighted by α). α can be negative for T ≥ 3.
 * Degenerate inputs: the pseudo-inverse makes dependent gradients finite; a zero gradient gets
 * α = 0; exactly opposite gradients give Σv = 0, hence α = 0 and a zero shared update.
 */
import { VectorAdam } from './adam';
import { gramOf, numberOption } from './common';
import { matVec, trace } from './solvers/dense';
import { symmetricPinv } from './solvers/pinv';
import type { MethodDefinition } from './types';

/** IMTL-G weights from a Gram matrix (exported for the tests). */
export function imtlgWeights(gram: Float64Array, tasks: number): Float64Array {
  const scale = trace(gram, tasks);
  if (!(scale > 0)) return new Float64Array(tasks);
  const g = gram.map((v) => v / scale);
  const norms = Array.from({ length: tasks }, (_, i) => Math.sqrt(Math.max(g[i * tasks + i], 0)));
  const v = matVec(symmetricPinv(g, tasks), tasks, norms);
  const total = v.reduce((a, b) => a + b, 0);
  if (!(Math.abs(total) >= 1e-12)) return new Float64Array(tasks);
  return v.map((x) => x / total);
}

export const imtl: MethodDefinition = {
  id: 'imtl',
  label: 'Impartial MTL (IMTL)',
  summary:
    'Two halves. The loss half learns a scale per task so every scaled loss sits near 1. The ' +
    'gradient half picks the combination of task gradients whose projection onto every task ' +
    'direction is the same, so no task is favoured: the update is "impartial" in angle.',
  citation:
    'L. Liu, Y. Li, Z. Kuang, J.-H. Xue, Y. Chen, W. Yang, Q. Liao, W. Zhang, "Towards Impartial Multi-task Learning", ICLR 2021',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'weight_lr',
      label: 'learning rate of s',
      help: 'Learning rate of the IMTL-L scales; 0 uses the model learning rate, as LibMTL does.',
      default: 0,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.001,
    },
  ],
  create({ tasks, options, learningRate }) {
    const s = new Float64Array(tasks);
    const adam = new VectorAdam(tasks, numberOption(options, 'weight_lr') || learningRate, 1e-5);
    return {
      aggregate(input) {
        const gram = gramOf(input, tasks, 'imtl');
        const scales = s.map(Math.exp);
        const scaled = gram.map((v, k) => v * scales[Math.floor(k / tasks)] * scales[k % tasks]);
        const alpha = imtlgWeights(scaled, tasks);
        return { weights: alpha.map((a, i) => a * scales[i]), headWeights: scales };
      },
      observe(losses) {
        adam.step(
          s,
          s.map((v, i) => Math.exp(v) * losses[i] - 1),
        );
      },
      state: () => ({ lossScale: Array.from(s.map(Math.exp)) }),
    };
  },
};
