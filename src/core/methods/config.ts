/**
 * ConFIG (TorchJD; reference §2.21), Gram-only form: C_ij = cos_ij, a = pinv(C)·1, w_i = a_i/n_i;
 * d̂ = Jᵀw/‖Jᵀw‖ with ‖Jᵀw‖ = √(wᵀGw); the update is (Σ_i g_i·d̂)·d̂, i.e. weights
 * w·(1ᵀGw)/(wᵀGw). The direction makes the same angle with every task gradient. Heads unweighted.
 * Degenerate inputs: a zero gradient has an all-zero row in C (TorchJD: NaN → 0) and weight 0;
 * the pseudo-inverse handles identical gradients (update = their sum) and opposite ones (a = 0,
 * so the update is zero); if wᵀGw vanishes the weights are 0.
 */
import { gramOf, taskNorms } from './common';
import { matVec, quadForm } from './solvers/dense';
import { symmetricPinv } from './solvers/pinv';
import type { MethodDefinition } from './types';

export function configWeights(gram: Float64Array, tasks: number): Float64Array {
  const norms = taskNorms(gram, tasks);
  const largest = Math.max(0, ...norms);
  const unit = norms.map((n) => (n > 1e-10 * largest && n > 0 ? 1 / n : 0));
  const cosine = gram.map((v, k) => v * unit[Math.floor(k / tasks)] * unit[k % tasks]);
  const a = matVec(symmetricPinv(cosine, tasks), tasks, new Float64Array(tasks).fill(1));
  const w = a.map((ai, i) => ai * unit[i]);
  const norm2 = quadForm(gram, tasks, w);
  // Jᵀw = Σ a_i u_i is dimensionless, so an absolute threshold is scale-free here.
  if (!(norm2 > 1e-20)) return new Float64Array(tasks);
  const gw = matVec(gram, tasks, w);
  const projection = gw.reduce((s, v) => s + v, 0);
  return w.map((wi) => (wi * projection) / norm2);
}

export const config: MethodDefinition = {
  id: 'config',
  label: 'ConFIG',
  summary:
    'Finds the direction that makes the same angle with every task gradient (using the unit ' +
    'gradients, so no task dominates by size), then sets its length to the total progress all ' +
    'tasks would make along it. The update is conflict-free whenever such a direction exists.',
  citation:
    'Q. Liu, M. Chu, N. Thuerey, "ConFIG: Towards Conflict-free Training of Physics Informed Neural Networks", ICLR 2025',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [],
  create({ tasks }) {
    return {
      aggregate: (input) => ({
        weights: configWeights(gramOf(input, tasks, 'config'), tasks),
        headWeights: new Float64Array(tasks).fill(1),
      }),
    };
  },
};
