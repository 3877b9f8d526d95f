/**
 * FULLER's multi-level gradient calibration (Huang et al., ICCV 2023), tabular form (seed-systems
 * §9.1). The paper's exact formulas were not published in code (no official repository; only the
 * abstract and a third-party review were at hand), so this is what the lab does, not a port:
 *
 *  - Inter (task level), an R-mode method (needs.gradSource 'representation'): with r_i = ∂ℓ_i/∂z
 *    at the towers' input z, flattened over the batch to B·H (the engine's Gram), n_i = ‖r_i‖ and
 *    r̃_i = r_i · (mean_j n_j)/n_i: every task's representation gradient gets the mean norm. Tasks
 *    with r_i = 0 (no labelled rows) keep 0 and do not count in the mean. Optional direction rule
 *    on r̃ (§9.1 step 3): IMTL-G or Aligned-MTL-UB weights α from the calibrated Gram D G D, so the
 *    weights on r are w_i = α_i·mean/n_i. The trunk then gets the VJP of Σ_i w_i r_i; heads get
 *    their own unweighted gradients.
 *  - Intra (feature-group level): `calibrateGroups` asks the engine (train/groupCalibration.ts) to
 *    rescale each feature-group encoder's parameter gradient γ_m (config model.featureGroups) to
 *    the mean norm: γ̃_m = γ_m · (mean_k ‖γ_k‖)/‖γ_m‖, directions unchanged. One group (or none) is
 *    the identity. The engine reports the group norms before and after one step late (they are
 *    read with the next step's one download).
 *
 * Our choices where §9 leaves it open: the mean target (DB-MTL uses the max), norms over the
 * batch-flattened r (the per-sample variant is not offered), the parameter gradient γ_m rather
 * than ∂L/∂φ_m at the encoder's output. State: none but the display values.
 */
import { gramOf, nonZeroTasks, stringOption, taskNorms } from './common';
import { alignedWeights } from './alignedmtl';
import { imtlgWeights } from './imtl';
import type { MethodDefinition, MethodOptions } from './types';

export const FULLER_DIRECTIONS = ['none', 'imtl-g', 'aligned-mtl-ub'] as const;

/** Inter calibration: the weights on r_i that give every non-zero task the mean norm. */
export function interCalibration(gram: Float64Array, tasks: number): Float64Array {
  const norms = taskNorms(gram, tasks);
  const live = nonZeroTasks(gram, tasks);
  const weights = new Float64Array(tasks);
  if (live.length === 0) return weights.fill(1);
  const target = live.reduce((a, i) => a + norms[i], 0) / live.length;
  for (const i of live) weights[i] = target / norms[i];
  return weights;
}

/** The direction rule's α on the calibrated Gram D G D (D = diag(scale)); ones for 'none'. */
function directionWeights(
  rule: string,
  gram: Float64Array,
  scale: Float64Array,
  tasks: number,
): Float64Array {
  if (rule === 'none') return new Float64Array(tasks).fill(1);
  const calibrated = gram.map((v, k) => v * scale[Math.floor(k / tasks)] * scale[k % tasks]);
  return rule === 'imtl-g'
    ? imtlgWeights(calibrated, tasks)
    : alignedWeights(calibrated, tasks, 'min');
}

function intraOn(options: MethodOptions): boolean {
  return options.intra !== false;
}

export const fuller: MethodDefinition = {
  id: 'fuller',
  label: 'FULLER calibration',
  summary:
    'Calibrates gradients at two levels. Between tasks: each task’s gradient at the towers’ input ' +
    'is rescaled to the mean length, so no task drowns the others out in the shared trunk ' +
    '(optionally followed by an IMTL-G or Aligned-MTL direction rule). Within the input: each ' +
    'feature group’s encoder gets a gradient of the same length, so the network pays balanced ' +
    'attention to every group (set feature groups in the Model panel). The paper published no ' +
    'code; this is the lab’s reading of it: mean-norm targets, norms over the whole batch.',
  citation:
    'Z. Huang, S. Lin, G. Liu, M. Luo, C. Ye, H. Xu, X. Chang, X. Liang, "FULLER: Unified Multi-modality Multi-task 3D Perception via Multi-level Gradient Calibration", ICCV 2023',
  family: 'gradient',
  needs: { losses: false, grads: 'gram', gradSource: 'representation' },
  options: [
    {
      key: 'direction',
      label: 'direction rule',
      help: 'Applied to the calibrated representation gradients: none (plain sum), IMTL-G (equal projections) or Aligned-MTL-UB (orthogonal, equal length). §9.1 step 3; our choice of defaults: none.',
      default: 'none',
      kind: 'select',
      choices: [...FULLER_DIRECTIONS],
    },
    {
      key: 'intra',
      label: 'intra calibration',
      help: 'Rescale each feature-group encoder’s gradient to the mean group norm (needs feature groups; with one group it changes nothing).',
      default: true,
      kind: 'boolean',
    },
  ],
  create({ tasks, options }) {
    const rule = stringOption(options, 'direction');
    const intra = intraOn(options);
    let shown: Record<string, number[]> = {};
    let groups: Record<string, number[]> = {};
    return {
      aggregate(input) {
        const gram = gramOf(input, tasks, 'fuller');
        const scale = interCalibration(gram, tasks);
        const alpha = directionWeights(rule, gram, scale, tasks);
        const weights = scale.map((s, i) => s * alpha[i]);
        const before = Array.from(taskNorms(gram, tasks));
        shown = {
          taskNormBefore: before,
          taskNormCalibrated: before.map((n, i) => n * scale[i]),
          taskNormAfter: before.map((n, i) => n * Math.abs(weights[i])),
        };
        return {
          weights,
          headWeights: new Float64Array(tasks).fill(1),
          ...(intra ? { calibrateGroups: true } : {}),
        };
      },
      observeGroups(before, after) {
        groups = { groupNormBefore: Array.from(before), groupNormAfter: Array.from(after) };
      },
      state: () => ({ ...shown, ...groups }),
    };
  },
};
