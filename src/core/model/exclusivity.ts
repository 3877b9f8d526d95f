/**
 * MMoEEx expert exclusivity / exclusion (Aoki, Tung, Oliveira, BIOKDD 2021; reference
 * seed-systems §2.1, official code BorealisAI/MMoEEx-MTL): the first ⌊n·p⌋ assignable experts each
 * get an owner task drawn uniformly with replacement (a task may get several experts or none).
 *   exclusivity  the expert is visible only to its owner's gate;
 *   exclusion    the expert is hidden only from its owner's gate.
 * Closed (task, expert) cells are applied to the gate logits (by the engine's softmax, ops.ts):
 *   mask    (default, ours; the paper's "contributes nothing") logit − 1e30, so the softmax weight
 *           is exactly 0 in float32 and no gradient reaches the closed kernel column;
 *   pinned  (the official code's behaviour) the logit is pinned to 0: the expert still gets
 *           weight e^0/Σe^z, and its kernel column and bias get no gradient.
 * Choices of ours (the official code has only MMoE): the assignment is drawn from the model
 * config's exclusivitySeed (stored with the run and its link), not from the weight seed; in MMoE
 * all E experts are assignable, in CGC/PLE the shared experts of each level (a task's own experts
 * stay open; below the last level the shared stream's gate sees every expert); and at most n − 1
 * experts are assigned in MMoE, so every gate keeps at least one open expert (with p = 1 the
 * official code can leave a task with no expert of its own behind a uniform pinned gate).
 */
import type { ModelConfig } from '../config/schema';
import { createRandom } from './random';
import type { GateMask } from './ops';

/** The model-config fields of the option, for the architectures' `uses`. */
export const EXCLUSIVITY_FIELDS = [
  'exclusivity',
  'exclusivityFraction',
  'exclusivityGate',
  'exclusivitySeed',
] as const;

/** Owner task of each of n experts, or -1 for a shared one. */
export function expertOwners(n: number, tasks: number, p: number, seed: number, cap = n): number[] {
  const random = createRandom(seed);
  const assigned = Math.min(Math.floor(n * p + 1e-9), cap);
  return Array.from({ length: n }, (_, e) =>
    e < assigned ? Math.min(tasks - 1, Math.floor(random() * tasks)) : -1,
  );
}

/** open[t][e] = 1 when task t's gate may use expert e, from the owners and the mode. */
export function openCells(
  owners: readonly number[],
  tasks: number,
  mode: ModelConfig['exclusivity'],
): number[][] {
  return Array.from({ length: tasks }, (_, t) =>
    owners.map((owner) => {
      if (owner < 0 || mode === 'none') return 1;
      return (mode === 'exclusivity') === (owner === t) ? 1 : 0;
    }),
  );
}

/** MMoE's task × expert open matrix (null when the option is off): all E experts assignable. */
export function expertGateCells(config: ModelConfig, tasks: number): number[][] | null {
  if (config.exclusivity === 'none') return null;
  const E = config.experts;
  const owners = expertOwners(E, tasks, config.exclusivityFraction, config.exclusivitySeed, E - 1);
  return openCells(owners, tasks, config.exclusivity);
}

/**
 * CGC/PLE's task gates' open matrix (null when the option is off): the mk own experts (always
 * open) followed by the ms shared ones, which are assigned.
 */
export function levelGateCells(config: ModelConfig, tasks: number): number[][] | null {
  if (config.exclusivity === 'none') return null;
  const ms = config.sharedExperts;
  const owners = expertOwners(ms, tasks, config.exclusivityFraction, config.exclusivitySeed);
  const shared = openCells(owners, tasks, config.exclusivity);
  return shared.map((row) => [...new Array<number>(config.taskExperts).fill(1), ...row]);
}

/** The closed cells of an open matrix as the gates' mask (ops.ts); null when nothing is closed. */
export function closedCells(open: number[][] | null, config: ModelConfig): GateMask | null {
  if (!open || open.every((row) => row.every((v) => v === 1))) return null;
  return { open, gate: config.exclusivityGate };
}
