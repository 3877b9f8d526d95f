/**
 * DB-MTL (reference §2.15). Needs the Jacobian: the gradients of log ℓ_i are g_i/(ℓ_i + 1e-8), so
 * they follow from the plain Jacobian and the losses without another backward. State: EMA buffers
 * m_i (T×P, start 0), m_i ← (1−β_t)·g_i/(ℓ_i+1e-8) + β_t m_i with β_t = β/t^{β_σ} (t = 1, 2, …;
 * no bias correction, as LibMTL). Magnitude balancing α_i = max_j‖m_j‖/(‖m_i‖ + 1e-8); the shared
 * update is the explicit direction Σ α_i m_i (weights null, because m is not J). Heads get
 * ∇log ℓ_i, so headWeights = 1/(ℓ_i + 1e-8). The buffers restart if the parameter count changes.
 * Degenerate inputs: a zero gradient keeps m_i = 0 and α_i = max‖m‖/1e-8 times a zero vector,
 * i.e. no contribution; non-positive losses are floored at 0 before the 1e-8, so 1/ℓ is finite.
 */
import { jacobianOf, lossesOf, numberOption } from './common';
import { dot } from './solvers/dense';
import type { MethodDefinition } from './types';

export const dbmtl: MethodDefinition = {
  id: 'dbmtl',
  label: 'Dual-balancing MTL (DB-MTL)',
  summary:
    'Balances tasks twice. First it trains on the logarithm of each loss, so a task measured in ' +
    'thousands and one measured in thousandths count alike. Then it rescales every task gradient ' +
    '(smoothed over steps) to the length of the largest one, so no task is drowned out.',
  citation:
    'B. Lin, W. Jiang, F. Ye, Y. Zhang, P. Chen, Y.-C. Chen, S. Liu, J. T. Kwok, "Dual-Balancing for Multi-Task Learning", arXiv:2308.12029, 2023',
  family: 'gradient',
  needs: { losses: true, grads: 'jacobian' },
  options: [
    {
      key: 'beta',
      label: 'EMA rate β',
      help: 'Weight of the previous buffer in the gradient moving average (LibMTL DB_beta 0.9).',
      default: 0.9,
      kind: 'number',
      min: 0,
      max: 1,
      step: 0.01,
    },
    {
      key: 'beta_sigma',
      label: 'β decay power',
      help: 'β_t = β / t^beta_sigma (LibMTL DB_beta_sigma 0: constant β).',
      default: 0,
      kind: 'number',
      min: 0,
      max: 5,
      step: 0.1,
    },
  ],
  create({ tasks, options }) {
    const beta = numberOption(options, 'beta');
    const betaSigma = numberOption(options, 'beta_sigma');
    let buffers: Float64Array[] | null = null;
    let step = 0;
    let lastAlpha: Float64Array = new Float64Array(tasks).fill(1);
    return {
      aggregate(input) {
        const rows = jacobianOf(input, tasks, 'dbmtl');
        const losses = lossesOf(input, tasks, 'dbmtl');
        const size = rows[0]?.length ?? 0;
        if (!buffers || buffers[0]?.length !== size) {
          buffers = rows.map(() => new Float64Array(size));
          step = 0;
        }
        step += 1;
        const betaT = beta / Math.pow(step, betaSigma);
        const inverseLoss = losses.map((l) => 1 / (Math.max(l, 0) + 1e-8));
        const norms = new Float64Array(tasks);
        buffers.forEach((m, i) => {
          for (let k = 0; k < size; k++)
            m[k] = (1 - betaT) * rows[i][k] * inverseLoss[i] + betaT * m[k];
          norms[i] = Math.sqrt(dot(m, m));
        });
        const largest = Math.max(...norms);
        lastAlpha = norms.map((n) => largest / (n + 1e-8));
        const direction = new Float64Array(size);
        buffers.forEach((m, i) => {
          for (let k = 0; k < size; k++) direction[k] += lastAlpha[i] * m[k];
        });
        return { weights: null, direction, headWeights: inverseLoss };
      },
      state: () => ({ alpha: Array.from(lastAlpha) }),
    };
  },
};
