/**
 * MMoEEx's two-step balancing as first-order MAML (reference seed-systems §2.2; official code
 * BorealisAI/MMoEEx-MTL, CC BY-NC-SA, read in the note only). Per step:
 *   1. Split the batch by rows: the first ⌊s·B⌋ rows are the inner split, the rest the outer split.
 *   2. For every task k at once (replicated copies): θ'_k = θ − η_in ∇_θ L_k^inner(θ), plain SGD
 *      over the shared parameters and task k's own ones.
 *   3. g_k^out = ∇_θ L_k^outer(θ'_k) (first order: no gradient through the inner step, as the
 *      official code's .data writes give), applied to θ by the optimizer with weights λ_k·w_k,
 *      where w comes from the wrapped method (EW: 1) fed the λ-scaled outer losses and gradients,
 *      and λ_k = LBTW (clip((ℓ_k/ℓ_k^first)^α, 0.5, 1.5), on the inner losses at θ) or 1.
 * Choices [ours, documented]: η_in is an option (official: the optimizer's lr, 1e-4, which makes
 * the inner step nearly nothing; default here 10× the lab's default lr); LBTW reads the inner-split
 * losses at θ; the training-loss curve shows those inner losses; the optimizer is the lab's Adam.
 * Task-specific parameters that other tasks also read (MultiTab-Net's task tokens attend to each
 * other) get the replicated backward's gradient for their row, as in the lab's plain gradient
 * step. Seen once: MultiTab-Net with η_in = 0.01 and lr 1e-2 diverged within 70 steps; 0.001 and
 * η_in = 0 trained.
 */
import type { OptionSpec } from '../types';
import { createLbtw } from './lbtw';
import { parameterSpaceRefusal, type ProcedureDefinition } from './types';

export const FOMAML_OPTIONS: OptionSpec[] = [
  {
    key: 'maml_split',
    label: 'inner share of the batch',
    help: 'The first ⌊s·B⌋ rows of each batch take the inner step, the rest score it (official: 0.8).',
    default: 0.8,
    kind: 'number',
    min: 0.05,
    max: 0.95,
    step: 0.05,
  },
  {
    key: 'maml_inner_lr',
    label: 'inner learning rate η_in',
    help: 'Plain SGD step size of each task’s inner step. 0 = train on the outer split only.',
    default: 0.01,
    kind: 'number',
    min: 0,
    max: 1,
    step: 0.001,
  },
  {
    key: 'maml_lbtw',
    label: 'LBTW loss weights',
    help: 'Weight each task by (loss / its loss on the epoch’s first batch)^α, clipped to [0.5, 1.5] (official MIMIC setting).',
    default: false,
    kind: 'boolean',
  },
  {
    key: 'maml_lbtw_alpha',
    label: 'LBTW α',
    help: 'Exponent of the LBTW ratio (official: 0.5).',
    default: 0.5,
    kind: 'number',
    min: 0,
    max: 4,
    step: 0.1,
  },
];

export const fomamlProcedure: ProcedureDefinition = {
  id: 'fomaml',
  label: 'MMoEEx two-step (FOMAML)',
  summary:
    'MMoEEx’s two-step balancing: each task first takes a small SGD step on most of the batch, ' +
    'then its gradient is measured on the held-back rows at that moved point and applied to the ' +
    'real weights (first-order MAML). Tasks are thus balanced by how well a step for them ' +
    'generalises to unseen rows; optional LBTW weights damp tasks that already improved a lot.',
  citation:
    'R. Aoki, F. Tung, G. L. Oliveira, "Heterogeneous Multi-task Learning with Expert Diversity", BIOKDD 2021 (arXiv 2106.10595)',
  deviations:
    'Explicit first-order MAML with its own inner learning rate (official: the optimizer’s lr); LBTW on the inner-split losses; works with any architecture and method except those that balance representation gradients.',
  options: FOMAML_OPTIONS,
  refuses: (method) => parameterSpaceRefusal('the two-step FOMAML procedure', method),
  lossWeights(tasks, options) {
    if (options.maml_lbtw !== true) {
      return () => new Float64Array(tasks).fill(1);
    }
    return createLbtw(tasks, Number(options.maml_lbtw_alpha));
  },
};
