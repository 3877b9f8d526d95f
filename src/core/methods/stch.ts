/**
 * STCH (reference §2.20). Effective gradient weights, since the engine trains on Σ w_i ℓ_i:
 *  - epochs < warmup_epoch: loss Σ log ℓ_i, i.e. w_i = 1/ℓ_i;
 *  - epoch = warmup_epoch: the same, and the step losses are accumulated;
 *  - later: the nadir z = mean of the accumulated losses (fixed once), ℓ̂_i = log(ℓ_i/z_i), loss
 *    T·μ·logsumexp(ℓ̂/μ), i.e. w_i = T·softmax(ℓ̂/μ)_i/ℓ_i.
 * Epoch = ⌊step / stepsPerEpoch⌋. Heads and shared both weighted. If nothing was accumulated
 * (training resumed past the nadir epoch) the first post-warm-up losses become the nadir.
 * Deviation: LibMTL's eps 1e-20 becomes 1e-8 (losses floored at 0 first), so a zero loss gives a
 * large but finite weight 1e8 instead of 1e20. Gradients are not used.
 */
import { lossesOf, numberOption, softmax } from './common';
import type { MethodDefinition } from './types';

const EPS = 1e-8;

export const stch: MethodDefinition = {
  id: 'stch',
  label: 'Smooth Tchebycheff (STCH)',
  summary:
    'After a warm-up on log-losses, it records a reference ("nadir") loss per task and then focuses ' +
    'on the task that is currently worst relative to its reference, using a smooth maximum (a ' +
    'log-sum-exp with temperature μ) so every task still gets some weight.',
  citation:
    'X. Lin, X. Zhang, Z. Yang, F. Liu, Z. Wang, Q. Zhang, "Smooth Tchebycheff Scalarization for Multi-Objective Optimization", ICML 2024',
  family: 'loss',
  needs: { losses: true, grads: 'none' },
  options: [
    {
      key: 'mu',
      label: 'μ (smoothing)',
      help: 'Temperature of the smooth maximum (LibMTL STCH_mu 1.0); small μ = focus on the worst task.',
      default: 1,
      kind: 'number',
      min: 1e-3,
      max: 100,
      step: 0.1,
    },
    {
      key: 'warmup_epoch',
      label: 'warm-up epochs',
      help: 'Epochs of log-loss training before the nadir is fixed; the nadir is the mean loss of epoch warmup_epoch (LibMTL 4).',
      default: 4,
      kind: 'integer',
      min: 0,
      max: 10000,
      step: 1,
    },
  ],
  create({ tasks, options }) {
    const mu = numberOption(options, 'mu');
    const warmup = numberOption(options, 'warmup_epoch');
    const sums = new Float64Array(tasks);
    let count = 0;
    let nadir: Float64Array | null = null;
    let last: Float64Array = new Float64Array(tasks).fill(1);
    return {
      aggregate(input) {
        const losses = lossesOf(input, tasks, 'stch').map((l) => Math.max(l, 0) + EPS);
        const epoch = Math.floor(input.step / Math.max(1, input.stepsPerEpoch));
        if (epoch <= warmup) {
          if (epoch === warmup && losses.every(Number.isFinite)) {
            losses.forEach((l, i) => (sums[i] += l));
            count += 1;
          }
          last = losses.map((l) => 1 / l);
        } else {
          nadir ??= count > 0 ? sums.map((s) => s / count) : Float64Array.from(losses);
          const z = nadir;
          const scaled = losses.map((l, i) => Math.log(l / z[i]));
          last = softmax(scaled, mu).map((p, i) => (tasks * p) / losses[i]);
        }
        return { weights: last, headWeights: Float64Array.from(last) };
      },
      state: () => ({ weights: Array.from(last), nadir: nadir ? Array.from(nadir) : [] }),
    };
  },
};
