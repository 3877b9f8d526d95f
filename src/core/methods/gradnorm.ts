/**
 * GradNorm (LibMTL form, reference §2.6). Learned s ∈ R^T, w = T·softmax(s) (init s = 1, so w = 1).
 * The shared parameters get Σ stopgrad(w_i) g_i; heads are unweighted (LibMTL gradient methods).
 * After computing the weights, s takes one Adam step on
 *   L_grad = Σ_i |w_i n_i − Ḡ r_i^α|,  n_i = √G_ii,  Ḡ = mean_i w_i n_i,  r_i = L̃_i / mean L̃,
 * L̃_i = ℓ_i / L_i(0), with the closed-form gradient ∂L/∂w_i = sign(w_i n_i − target_i)·n_i and
 * ∂w/∂s = T(diag(p) − ppᵀ): no second-order autodiff is needed because g_i are constants.
 * Choice: the initial losses L_i(0) are the FIRST STEP's losses (SamsungLabs), not LibMTL's
 * epoch-0 average, so it adapts from the first step on. Degenerate inputs: zero gradients give
 * n_i = 0 (their weight only moves through the softmax coupling), zero initial losses are
 * floored at 1e-12, so weights stay finite.
 */
import { VectorAdam } from './adam';
import { gramOf, lossesOf, numberOption, softmax, taskNorms } from './common';
import type { MethodDefinition } from './types';

export const gradnorm: MethodDefinition = {
  id: 'gradnorm',
  label: 'GradNorm',
  summary:
    'Learns task weights so that every task pushes the shared layers with a similar gradient size, ' +
    'adjusted by how far behind each task is: a task whose loss has fallen less (relative to where ' +
    'it started) is allowed a stronger gradient. The strength of that adjustment is alpha.',
  citation:
    'Z. Chen, V. Badrinarayanan, C.-Y. Lee, A. Rabinovich, "GradNorm: Gradient Normalization for Adaptive Loss Balancing in Deep Multitask Networks", ICML 2018',
  family: 'gradient',
  needs: { losses: true, grads: 'gram' },
  options: [
    {
      key: 'alpha',
      label: 'alpha',
      help: 'Restoring force toward equal training rates (LibMTL 1.5; 0 = equal gradient norms).',
      default: 1.5,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.1,
    },
    {
      key: 'weight_lr',
      label: 'learning rate of s',
      help: '0 uses the model learning rate, as LibMTL does.',
      default: 0,
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.001,
    },
  ],
  create({ tasks, options, learningRate }) {
    const alpha = numberOption(options, 'alpha');
    const s = new Float64Array(tasks).fill(1);
    const adam = new VectorAdam(tasks, numberOption(options, 'weight_lr') || learningRate, 1e-5);
    let initialLosses: Float64Array | null = null;
    const weightsOf = () => softmax(s).map((p) => tasks * p);
    return {
      aggregate(input) {
        const gram = gramOf(input, tasks, 'gradnorm');
        const losses = lossesOf(input, tasks, 'gradnorm');
        if (!initialLosses && losses.every(Number.isFinite))
          initialLosses = losses.map((l) => Math.max(l, 1e-12));
        const p = softmax(s);
        const w = p.map((v) => tasks * v);
        const norms = taskNorms(gram, tasks);
        const scaled = w.map((wi, i) => wi * norms[i]);
        const meanScaled = scaled.reduce((a, b) => a + b, 0) / tasks;
        const base = initialLosses ?? losses;
        const relative = losses.map((l, i) => l / base[i]);
        const meanRelative = relative.reduce((a, b) => a + b, 0) / tasks;
        const dLdw = scaled.map((gi, i) => {
          const r =
            meanRelative > 0 && Number.isFinite(meanRelative) ? relative[i] / meanRelative : 1;
          return Math.sign(gi - meanScaled * Math.pow(r, alpha)) * norms[i];
        });
        // Chain rule through w = T softmax(s): ∂L/∂s_k = T p_k (∂L/∂w_k − Σ_j p_j ∂L/∂w_j).
        let mean = 0;
        for (let j = 0; j < tasks; j++) mean += p[j] * dLdw[j];
        adam.step(
          s,
          p.map((pk, k) => tasks * pk * (dLdw[k] - mean)),
        );
        return { weights: w, headWeights: new Float64Array(tasks).fill(1) };
      },
      state: () => ({ weights: Array.from(weightsOf()) }),
    };
  },
};
