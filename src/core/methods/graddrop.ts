/**
 * GradDrop (reference §2.10), in R mode as in LibMTL (`needs.gradSource: 'representation'`): the
 * engine hands it the sign-corrected, batch-summed representation gradients as rows,
 *   S_i = Σ_b r_i[b] ⊙ sign(z_i[b])  (length H; z_i is task i's tower input),
 * and per coordinate k
 *   P_k = ½(1 + Σ_i S_ik / (Σ_i |S_ik| + 1e-7)),  U_k ~ Uniform(0,1) (engine's seeded generator),
 *   M_ik = 1 if (P_k > U_k and S_ik > 0) or (P_k < U_k and S_ik < 0), else 0,
 * returning the masks m_i = leak + (1 − leak)·M_i as `rowMasks`; the engine sends
 * dz_i = r_i ⊙ m_i (broadcast over the batch) into the encoder. `direction` = Σ_i m_i ⊙ rows_i is
 * also returned (the same rule applied to any row matrix, TorchJD style). Not a weighting: weights
 * null. Heads unweighted. Degenerate inputs: zero coordinates give P = ½ and add 0; identical
 * gradients always agree in sign, so nothing is dropped; opposite ones keep one side.
 */
import { jacobianOf, numberOption } from './common';
import type { MethodDefinition } from './types';

export const graddrop: MethodDefinition = {
  id: 'graddrop',
  label: 'Gradient sign dropout (GradDrop)',
  summary:
    'For every unit of the shared representation it looks at the signs of the task gradients. It then randomly picks a ' +
    'sign, favouring the one with more total gradient behind it, and drops the task gradients that ' +
    'disagree. Conflicts are resolved coordinate by coordinate instead of by whole vectors.',
  citation:
    'Z. Chen, J. Ngiam, Y. Huang, T. Luong, H. Kretzschmar, Y. Chai, D. Anguelov, "Just Pick a Sign: Optimizing Deep Multitask Models with Gradient Sign Dropout", NeurIPS 2020',
  family: 'gradient',
  needs: { losses: false, grads: 'jacobian', gradSource: 'representation' },
  options: [
    {
      key: 'leak',
      label: 'leak',
      help: 'Share of a dropped gradient that is kept anyway (LibMTL 0.0).',
      default: 0,
      kind: 'number',
      min: 0,
      max: 1,
      step: 0.05,
    },
  ],
  create({ tasks, options, random }) {
    const leak = numberOption(options, 'leak');
    return {
      aggregate(input) {
        const rows = jacobianOf(input, tasks, 'graddrop');
        const size = rows[0]?.length ?? 0;
        const direction = new Float64Array(size);
        const rowMasks = rows.map(() => new Float64Array(size));
        for (let k = 0; k < size; k++) {
          let total = 0;
          let absolute = 0;
          for (let i = 0; i < tasks; i++) {
            total += rows[i][k];
            absolute += Math.abs(rows[i][k]);
          }
          const positive = 0.5 * (1 + total / (absolute + 1e-7));
          const u = random();
          let value = 0;
          for (let i = 0; i < tasks; i++) {
            const gik = rows[i][k];
            const kept = (positive > u && gik > 0) || (positive < u && gik < 0) ? 1 : 0;
            const m = leak + (1 - leak) * kept;
            rowMasks[i][k] = m;
            value += gik * m;
          }
          direction[k] = value;
        }
        return { weights: null, direction, rowMasks, headWeights: new Float64Array(tasks).fill(1) };
      },
    };
  },
};
