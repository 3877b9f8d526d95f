/**
 * UW: uncertainty weighting (LibMTL form). Loss Σ [ℓ_i/(2e^{s_i}) + s_i/2] with learned
 * log-variances s (init −0.5, weight ≈ 0.824). The network sees weights 1/(2e^{s_i}); s is trained
 * in observe() with Adam on ∂/∂s_i = 1/2 − ℓ_i/(2e^{s_i}) and weight decay 1e-5, as LibMTL's main
 * optimizer does. The fixed point is e^{s_i} = ℓ_i (weight 1/(2ℓ_i)). The total loss may go
 * negative when ℓ_i < 1: expected, not a bug. Gradients are not used, so degenerate gradients
 * cannot affect it; a non-finite loss is skipped by the Adam update.
 *
 * form 'paper' (reference seed-systems §11.2; Kendall et al.'s classification term, recalled from
 * the paper and not verified against its text): binary and multiclass tasks use e^{−s}·ℓ + s/2
 * (factor 1, fixed point e^{s} = 2ℓ, weight 1/(2ℓ) again); regression keeps ½e^{−s}·ℓ + s/2.
 */
import { VectorAdam } from './adam';
import { numberOption, stringOption } from './common';
import type { MethodDefinition } from './types';

export const uw: MethodDefinition = {
  id: 'uw',
  label: 'Uncertainty weighting (UW)',
  summary:
    'Each task gets a learned "uncertainty" σ². Its loss is divided by 2σ², and a penalty log σ keeps ' +
    'σ from growing forever. Tasks with large, noisy losses learn a large σ and are down-weighted; at ' +
    'balance each weight is about 1/(2·loss), so tasks on very different scales become comparable.',
  citation:
    'A. Kendall, Y. Gal, R. Cipolla, "Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry and Semantics", CVPR 2018',
  family: 'loss',
  needs: { losses: false, grads: 'none' },
  options: [
    {
      key: 'init',
      label: 'initial log-variance s₀',
      help: 'Starting value of every s_i = log σ_i² (LibMTL: −0.5).',
      default: -0.5,
      kind: 'number',
      min: -10,
      max: 10,
      step: 0.1,
    },
    {
      key: 'weight_lr',
      label: 'learning rate of s',
      help: '0 uses the model learning rate, as LibMTL does (nash-mtl uses 0.025).',
      default: 0,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.001,
    },
    {
      key: 'form',
      label: 'form',
      help: 'libmtl: ½e^{−s}ℓ + s/2 for every task (default). paper: classification tasks use e^{−s}ℓ + s/2 (factor 1, Kendall et al.; recalled, not verified from the paper text).',
      default: 'libmtl',
      kind: 'select',
      choices: ['libmtl', 'paper'],
    },
  ],
  create({ tasks, options, learningRate, taskKinds }) {
    const s = new Float64Array(tasks).fill(numberOption(options, 'init'));
    const lr = numberOption(options, 'weight_lr') || learningRate;
    const adam = new VectorAdam(tasks, lr, 1e-5);
    const paper = stringOption(options, 'form') === 'paper';
    // The loss weight is 1/(divisor·e^{s}): divisor 2, or 1 for classification in the paper form.
    const divisor = Float64Array.from({ length: tasks }, (_, i) =>
      paper && (taskKinds?.[i] ?? 'regression') !== 'regression' ? 1 : 2,
    );
    const weights = () => s.map((v, i) => 1 / (divisor[i] * Math.exp(v)));
    return {
      aggregate() {
        const w = weights();
        return { weights: w, headWeights: Float64Array.from(w) };
      },
      observe(losses) {
        adam.step(
          s,
          s.map((v, i) => 0.5 - losses[i] / (divisor[i] * Math.exp(v))),
        );
      },
      state: () => ({ logVariance: Array.from(s), weights: Array.from(weights()) }),
    };
  },
};
