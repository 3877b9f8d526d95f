/**
 * MGDA (reference §2.7): weights α on the simplex minimising ‖Σ α_i ĝ_i‖², ĝ_i = g_i/c_i, from the
 * Gram matrix only (LibMTL's min-norm solver, §3.2). With a normalisation (mgda_gn ≠ 'none') the
 * shared update is Σ α_i ĝ_i as in LibMTL, so the returned weights are α_i/c_i. Heads unweighted.
 * Degenerate inputs: a zero gradient is already in the hull, so α puts all mass on it and the
 * update is 0 (a Pareto-stationary point; MGDA stops there). Its normaliser is taken as 1 to
 * avoid 0/0. Opposite gradients: α = (½, ½), update 0. Identical gradients: α = (½, ½).
 */
import { gramOf, lossesOf, stringOption, taskNorms } from './common';
import { minNormPoint } from './solvers/minNorm';
import type { MethodDefinition, MethodInstance, MethodContext } from './types';

export const MGDA_NORMALISATIONS = ['none', 'l2', 'loss', 'loss+'] as const;

/** c_i per LibMTL's --mgda_gn; non-positive or non-finite normalisers fall back to 1. */
export function mgdaNormalisers(
  kind: string,
  norms: Float64Array,
  losses: Float64Array | undefined,
): Float64Array {
  return norms.map((n, i) => {
    const loss = losses?.[i] ?? 1;
    const c = kind === 'l2' ? n : kind === 'loss' ? loss : kind === 'loss+' ? loss * n : 1;
    return c > 0 && Number.isFinite(c) ? c : 1;
  });
}

/** Shared by MGDA and MGDA-UB: they differ only in which gradients the engine feeds in. */
export function createMgda(id: string, { tasks, options }: MethodContext): MethodInstance {
  const kind = stringOption(options, 'mgda_gn');
  return {
    aggregate(input) {
      const gram = gramOf(input, tasks, id);
      const losses =
        kind === 'loss' || kind === 'loss+' ? lossesOf(input, tasks, id) : input.losses;
      const c = mgdaNormalisers(kind, taskNorms(gram, tasks), losses);
      const normalised = gram.map((v, k) => v / (c[Math.floor(k / tasks)] * c[k % tasks]));
      const alpha = minNormPoint(normalised, tasks);
      return {
        weights: alpha.map((a, i) => a / c[i]),
        headWeights: new Float64Array(tasks).fill(1),
      };
    },
  };
}

export const mgdaOptions: MethodDefinition['options'] = [
  {
    key: 'mgda_gn',
    label: 'gradient normalisation',
    help: "LibMTL --mgda_gn: divide each gradient by 1 ('none'), its norm ('l2'), its loss ('loss') or both ('loss+') before solving.",
    default: 'none',
    kind: 'select',
    choices: [...MGDA_NORMALISATIONS],
  },
];

export const mgda: MethodDefinition = {
  id: 'mgda',
  label: 'MGDA',
  summary:
    'Treats training as multi-objective optimisation: it looks for the shortest vector in the convex ' +
    'hull of the task gradients. Stepping along it lowers (or keeps) every task loss at once; when ' +
    'no such step exists the shortest vector is zero and training stops at a Pareto-stationary ' +
    'point. It tends to follow the task with the smallest gradient.',
  citation:
    'O. Sener, V. Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018',
  family: 'gradient',
  needs: { losses: true, grads: 'gram' },
  options: mgdaOptions,
  create: (context) => createMgda('mgda', context),
};
