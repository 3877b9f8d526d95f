/**
 * RLW: random loss weighting. Each step draws ε ~ N(0, I_T) (Box–Muller from the engine's seeded
 * uniform generator) and trains on Σ softmax(ε)_i ℓ_i; the weights sum to 1 as in LibMTL, so the
 * loss is about 1/T of EW's. Independent of gradients, so degenerate gradients cannot affect it.
 */
import { softmax } from './common';
import { normalSampler } from './random';
import type { MethodDefinition } from './types';

export const rlw: MethodDefinition = {
  id: 'rlw',
  label: 'Random loss weighting (RLW)',
  summary:
    'At every step the task weights are drawn at random (a softmax of Gaussian noise) and the ' +
    'weighted sum of losses is trained. It sounds naive, but over many steps every task gets its ' +
    'turn, and it is a surprisingly strong sanity check: a clever method should beat it.',
  citation:
    'B. Lin, F. Ye, Y. Zhang, I. W. Tsang, "Reasonable Effectiveness of Random Weighting: A Litmus Test for Multi-Task Learning", TMLR 2022',
  family: 'loss',
  needs: { losses: false, grads: 'none' },
  options: [],
  create({ tasks, random }) {
    let last: Float64Array = new Float64Array(tasks).fill(1 / tasks);
    const normal = normalSampler(random);
    return {
      aggregate() {
        const noise = Array.from({ length: tasks }, normal);
        last = softmax(noise);
        return { weights: last, headWeights: Float64Array.from(last) };
      },
      state: () => ({ weights: Array.from(last) }),
    };
  },
};
