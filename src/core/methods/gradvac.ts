/**
 * GradVac (reference §2.9), whole-model group (LibMTL GradVac_group_type 0), Gram-only: each
 * p_i = Σ_k c_k g_k is tracked through its coefficients, so ‖p_i‖² = cᵀGc and p_i·g_j = (Gc)_j.
 * For j ≠ i in random order: ρ = cos(p_i, g_j); if ρ < ρ̂_ij, add
 *   ‖p_i‖(ρ̂√(1−ρ²) − ρ√(1−ρ̂²)) / (‖g_j‖√(1−ρ̂²) + 1e-8) · g_j,
 * then ρ̂_ij ← (1−β)ρ̂_ij + βρ (LibMTL updates every time). With ρ̂ = 0 this is PCGrad's step.
 * The update is Σ_i p_i. Heads unweighted. State: the T×T targets ρ̂ (start 0).
 * Degenerate inputs: pairs involving a zero gradient are skipped (cosine undefined), ρ̂ is
 * clamped to [−1, 1] against round-off so the square roots stay real.
 */
import { gramOf, nonZeroTasks, numberOption } from './common';
import { shuffled } from './random';
import type { MethodDefinition } from './types';

export const gradvac: MethodDefinition = {
  id: 'gradvac',
  label: 'Gradient Vaccine (GradVac)',
  summary:
    'A gentler PCGrad. It remembers, per pair of tasks, how similar their gradients usually are (a ' +
    'moving average of the cosine). When the current similarity falls below that target, it adds ' +
    'just enough of the other gradient to reach it, instead of only removing conflicts.',
  citation:
    'Z. Wang, Y. Tsvetkov, O. Firat, Y. Cao, "Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively Multilingual Models", ICLR 2021',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'beta',
      label: 'EMA rate β',
      help: 'How fast the target similarities follow the observed ones (LibMTL 0.5).',
      default: 0.5,
      kind: 'number',
      min: 0,
      max: 1,
      step: 0.01,
    },
  ],
  create({ tasks, options, random }) {
    const beta = numberOption(options, 'beta');
    const targets = new Float64Array(tasks * tasks);
    return {
      aggregate(input) {
        const gram = gramOf(input, tasks, 'gradvac');
        const usable = nonZeroTasks(gram, tasks);
        const weights = new Float64Array(tasks);
        for (let i = 0; i < tasks; i++) {
          const c = new Float64Array(tasks);
          c[i] = 1;
          if (usable.includes(i)) {
            for (const j of shuffled(
              usable.filter((k) => k !== i),
              random,
            )) {
              let inner = 0;
              let normP2 = 0;
              for (let k = 0; k < tasks; k++) {
                inner += gram[j * tasks + k] * c[k];
                for (let l = 0; l < tasks; l++) normP2 += c[k] * gram[k * tasks + l] * c[l];
              }
              const normP = Math.sqrt(Math.max(normP2, 0));
              const normJ = Math.sqrt(gram[j * tasks + j]);
              const rho = Math.max(-1, Math.min(1, inner / (normP * normJ + 1e-8)));
              const target = targets[i * tasks + j];
              if (rho < target) {
                const num =
                  normP *
                  (target * Math.sqrt(1 - rho * rho) - rho * Math.sqrt(1 - target * target));
                c[j] += num / (normJ * Math.sqrt(1 - target * target) + 1e-8);
              }
              targets[i * tasks + j] = Math.max(-1, Math.min(1, (1 - beta) * target + beta * rho));
            }
          }
          for (let k = 0; k < tasks; k++) weights[k] += c[k];
        }
        return { weights, headWeights: new Float64Array(tasks).fill(1) };
      },
      state: () => ({ targets: Array.from(targets) }),
    };
  },
};
