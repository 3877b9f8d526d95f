/**
 * Notices when a balancing method keeps a task's weight near zero for many steps (MGDA on the
 * default 3-task MMoE gives one task about 0.001), so the page can say which task and since when
 * instead of letting its flat loss pass unexplained. Pure: fed the method weights of each snapshot.
 */

/** A task is ignored while its share of the total weight is below this part of an equal share. */
export const NEGLECT_FRACTION_OF_EQUAL = 0.1;
/** ...for at least this many steps. */
export const NEGLECT_STEPS = 100;

/** Per task, the first step of the current stretch below the threshold (null when not below). */
export type NeglectSince = (number | null)[];

export interface NeglectedTask {
  task: number;
  since: number;
  /** The task's latest share of the summed absolute weights. */
  share: number;
}

/** The share below which a task of T counts as ignored (1 % of the weight for T = 10). */
export const neglectThreshold = (tasks: number): number => NEGLECT_FRACTION_OF_EQUAL / tasks;

/** Each task's share of the summed absolute weights (NaN when they sum to nothing). */
export function weightShares(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + Math.abs(w), 0);
  return weights.map((w) => (total > 0 ? Math.abs(w) / total : Number.NaN));
}

/** Update the stretches with one snapshot's weights (null: the method reports none). */
export function trackNeglect(
  since: NeglectSince,
  step: number,
  weights: readonly number[] | null,
): NeglectSince {
  if (!weights || weights.length < 2) return [];
  const threshold = neglectThreshold(weights.length);
  return weightShares(weights).map((share, t) => {
    if (!(share < threshold)) return null;
    const start = since[t];
    return start === null || start === undefined || start > step ? step : start;
  });
}

/** Tasks below the threshold for at least NEGLECT_STEPS steps, as of `step`. */
export function neglectedTasks(
  since: NeglectSince,
  step: number,
  weights: readonly number[] | null,
): NeglectedTask[] {
  if (!weights) return [];
  const shares = weightShares(weights);
  return since.flatMap((start, task) =>
    start !== null && step - start >= NEGLECT_STEPS
      ? [{ task, since: start, share: shares[task] }]
      : [],
  );
}
