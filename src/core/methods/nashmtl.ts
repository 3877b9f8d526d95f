/**
 * Nash-MTL (reference §2.13): the Nash bargaining solution α > 0 with α_i (Gα)_i = 1, so
 * ‖Σ α_i g_i‖² = αᵀGα = T. Solved by damped Newton on Φ(α) = ½αᵀGα − Σ log α_i (FairGrad with
 * α_F = 1), warm-started from the previous α, instead of the official cvxpy CCP (whose iteration
 * cap optim_niter therefore has no counterpart; Newton runs to convergence, ~10 iterations).
 * As in LibMTL/official code the update is a backward of Σ α_i ℓ_i: heads are weighted by α and
 * not clipped, and the shared update is clipped to max_norm (1.0). update_weights_every = k
 * reuses α for k calls.
 * Degenerate inputs: zero-gradient tasks are masked (weight 0, head 1); exactly opposite gradients
 * have no solution, and the ridge keeps α finite but large (shared update ≈ 0) — nash-mtl#7's
 * "huge weights", harmless for the shared parameters because of the clip.
 */
import { gramOf, numberOption } from './common';
import { fairWeights } from './fairgrad';
import type { MethodDefinition } from './types';

export const nashmtl: MethodDefinition = {
  id: 'nashmtl',
  label: 'Nash-MTL',
  summary:
    'Frames the shared update as a bargaining game between tasks and picks the Nash bargaining ' +
    'solution: each task i gets weight α_i with α_i times its gain equal to 1. The result is ' +
    'scale-invariant (a task with a huge gradient cannot dominate) and, for two tasks, points along ' +
    'the bisector of the two gradient directions.',
  citation:
    'A. Navon, A. Shamsian, I. Achituve, H. Maron, K. Kawaguchi, G. Chechik, E. Fetaya, "Multi-Task Learning as a Bargaining Game", ICML 2022',
  family: 'gradient',
  needs: { losses: false, grads: 'gram' },
  options: [
    {
      key: 'update_weights_every',
      label: 'update weights every',
      help: 'Recompute α every k steps and reuse it in between (LibMTL 1).',
      default: 1,
      kind: 'integer',
      min: 1,
      max: 10000,
      step: 1,
    },
    {
      key: 'max_norm',
      label: 'max norm',
      help: 'Clip the shared update to this norm (LibMTL 1.0; 0 = no clipping).',
      default: 1,
      kind: 'number',
      min: 0,
      max: 1e6,
      step: 0.1,
    },
  ],
  create({ tasks, options }) {
    const every = numberOption(options, 'update_weights_every');
    const maxNorm = numberOption(options, 'max_norm');
    let weights: Float64Array | null = null;
    let heads: Float64Array | null = null;
    let calls = 0;
    return {
      aggregate(input) {
        const gram = gramOf(input, tasks, 'nashmtl');
        if (!weights || !heads || calls % every === 0) {
          const result = fairWeights(gram, tasks, 1, heads);
          weights = result.weights;
          heads = result.heads;
        }
        calls += 1;
        return {
          weights: Float64Array.from(weights),
          headWeights: Float64Array.from(heads),
          ...(maxNorm > 0 ? { clipNorm: maxNorm } : {}),
        };
      },
      state: () => ({ alpha: weights ? Array.from(weights) : [] }),
    };
  },
};
