/**
 * Flat-region SAM for MTL (reference seed-systems §3; official code VietHoang1512/FS-MTL, read in
 * the note, not copied). Each step, per task i:
 *   1. g_i = ∇ℓ_i on the shared parameters and task i's own parameters (one replicated backward).
 *   2. ε_i = ρ·s_i/‖a_i‖ with s_i = a_i = ∇ℓ_i (plain SAM) or s_i = w⊙w⊙∇ℓ_i, a_i = |w|⊙∇ℓ_i
 *      (adaptive, ASAM); the norm is one joint norm over shared + task i ("joint", multi-mnist) or
 *      one per block ("separate", nyuv2/cityscapes: each block gets norm ρ).
 *   3. g_i^SAM = ∇ℓ_i at (θ_s + ε_i^s, θ_i + ε_i^h): one more replicated backward in which copy i of
 *      the shared parameters carries task i's perturbation. The variables are never written, so
 *      "restoring" the weights is exact by construction.
 *   4. Shared update d = Agg(g_1..g_T) + Agg(h_1..h_T), h_i = g_i^SAM − g_i, with the wrapped method
 *      applied separately to each (a second instance keeps the flatness state); task i's own
 *      parameters get their gradient at their own perturbed point (times the method's head weight).
 * Defaults as the official scripts run: ρ = 2 with adaptive scaling, separate norms (nyuv2).
 * Mapping [ours, documented]: "task i's own parameters" are every task-specific parameter row i
 * (its tower and, in MMoE/CGC/PLE, its gates); the official code counts gates as shared. With EW
 * the update is Σ_i g_i^SAM (LibMTL's sum; the official EW takes the mean). When all h_i are 0
 * (ρ = 0) the flatness aggregation is skipped, so the step equals the wrapped method's.
 */
import type { MethodDefinition, OptionSpec } from '../types';
import { parameterSpaceRefusal, type ProcedureDefinition } from './types';

export const SAM_OPTIONS: OptionSpec[] = [
  {
    key: 'sam_rho',
    label: 'ρ (neighbourhood radius)',
    help: 'Size of each task’s ascent step. Official: 2 with adaptive scaling (0.05 is the usual plain-SAM value). 0 turns SAM off exactly.',
    default: 2,
    kind: 'number',
    min: 0,
    max: 10,
    step: 0.01,
  },
  {
    key: 'sam_adaptive',
    label: 'adaptive (ASAM) scaling',
    help: 'Scale the perturbation by |w| per weight (ASAM), as the official scripts run; off = plain SAM.',
    default: true,
    kind: 'boolean',
  },
  {
    key: 'sam_norm',
    label: 'norm convention',
    help: 'separate: the shared block and the task block each get norm ρ (official nyuv2/cityscapes); joint: one norm over both (official multi-mnist).',
    default: 'separate',
    kind: 'select',
    choices: ['separate', 'joint'],
  },
];

export const samProcedure: ProcedureDefinition = {
  id: 'sam',
  label: 'Flat-region SAM',
  summary:
    'Looks for flat regions task by task: each task takes its own small ascent step on the shared ' +
    'layers and its own head, measures its gradient there, and the difference from the ordinary ' +
    'gradient (the flatness gradient) is balanced by the chosen method separately from the loss ' +
    'gradients, then added. It costs about twice a gradient method’s step.',
  citation:
    'H. Phan, L. Tran, N. N. Tran, N. Ho, D. Phung, T. Le, "Improving Multi-task Learning via Seeking Task-based Flat Regions", arXiv 2211.13723 (ICCV 2025 as "Beyond Losses Reweighting")',
  deviations:
    'Gates of MMoE/CGC/PLE are perturbed with their task, not as shared parameters; EW sums the tasks (LibMTL) where the official EW averages; no BatchNorm to bypass; methods that balance representation gradients are not wrapped.',
  options: SAM_OPTIONS,
  refuses: (method: MethodDefinition) =>
    method.family === 'gradient' || method.id === 'ew'
      ? parameterSpaceRefusal('flat-region SAM', method)
      : `flat-region SAM wraps a gradient method or EW; "${method.id}" weights the losses itself, so choose training procedure "none" for it`,
};
