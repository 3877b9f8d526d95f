/**
 * DWA: dynamic weight average, ITERATION-WINDOW version (nash-mtl / SamsungLabs), which the
 * reference recommends for short tabular runs; LibMTL's epoch version needs two full epochs of
 * history. Choice made here: weights are 1 until 2W loss vectors have been observed (no padding
 * with ones, which would make the first ratios meaningless); afterwards r_i = mean of the last W
 * losses / mean of the W before, λ = T·softmax(r/Temp). The loss is Σ λ_i ℓ_i (LibMTL's sum; λ
 * sums to T, like EW). Ratios with a zero or non-finite denominator count as 1 (no trend).
 */
import { numberOption, ones, softmax } from './common';
import type { MethodDefinition } from './types';

export const dwa: MethodDefinition = {
  id: 'dwa',
  label: 'Dynamic weight average (DWA)',
  summary:
    'Watches how fast each loss is falling. A task whose loss dropped less over the recent window ' +
    'than over the one before it (it is learning slowly) gets a larger weight; one that improves ' +
    'fast gets a smaller weight. Only loss values are used, so it costs nothing extra per step.',
  citation:
    'S. Liu, E. Johns, A. J. Davison, "End-to-End Multi-Task Learning with Attention", CVPR 2019',
  family: 'loss',
  needs: { losses: false, grads: 'none' },
  options: [
    {
      key: 'temp',
      label: 'temperature',
      help: 'Softmax temperature on the loss ratios (LibMTL --T 2.0). Higher = closer to equal weights.',
      default: 2,
      kind: 'number',
      min: 0.01,
      max: 100,
      step: 0.1,
    },
    {
      key: 'window',
      label: 'window (steps)',
      help: 'W: compare the mean loss of the last W steps with the W before (nash-mtl: 25).',
      default: 25,
      kind: 'integer',
      min: 1,
      max: 10000,
      step: 1,
    },
  ],
  create({ tasks, options }) {
    const temp = numberOption(options, 'temp');
    const window = numberOption(options, 'window');
    const history: Float64Array[] = [];
    let last: Float64Array = ones(tasks);
    const windowMean = (from: number, task: number) => {
      let total = 0;
      for (let k = from; k < from + window; k++) total += history[k][task];
      return total / window;
    };
    return {
      aggregate() {
        if (history.length < 2 * window) last = ones(tasks);
        else {
          const ratios = Array.from({ length: tasks }, (_, i) => {
            const r = windowMean(window, i) / windowMean(0, i);
            return Number.isFinite(r) ? r : 1;
          });
          last = softmax(ratios, temp).map((p) => tasks * p);
        }
        return { weights: last, headWeights: Float64Array.from(last) };
      },
      observe(losses) {
        if (!losses.every(Number.isFinite)) return;
        history.push(Float64Array.from(losses));
        if (history.length > 2 * window) history.shift();
      },
      state: () => ({ weights: Array.from(last) }),
    };
  },
};
