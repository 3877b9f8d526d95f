/**
 * When the worker keeps a checkpoint of the run's weights. A checkpoint is a readback of every
 * parameter, so it happens at a modest cadence (steps and time), only from a finite snapshot, and
 * always when training stops (so a paused run, a reload and a rollback all see the latest step).
 */

export interface CheckpointPolicy {
  /** At least this many steps between two checkpoints while training runs. */
  everySteps: number;
  /** And at least this long, so fast backends do not read the weights back 20 times a second. */
  minIntervalMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everySteps: 50, minIntervalMs: 2000 };

export interface CheckpointMark {
  step: number;
  timeMs: number;
}

/** The parts of a snapshot the policy reads. */
export interface PolicySnapshot {
  step: number;
  diverged: boolean;
  running: boolean;
}

export function checkpointDue(
  last: CheckpointMark | null,
  snapshot: PolicySnapshot,
  nowMs: number,
  policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
): boolean {
  if (snapshot.diverged) return false;
  if (!last) return true;
  if (snapshot.step === last.step) return false;
  // Went back (rollback, restore): the checkpoint already is this step's or a later one's.
  if (snapshot.step < last.step) return false;
  if (!snapshot.running) return true;
  return (
    snapshot.step - last.step >= policy.everySteps && nowMs - last.timeMs >= policy.minIntervalMs
  );
}

/**
 * A loss that grew this many times over its value at the start of the run counts as diverged too:
 * with Adam a far too large learning rate often leaves the weights finite but the loss at 1e7-1e19.
 */
export const EXPLOSION_FACTOR = 1e4;
/** Losses below this are compared with it instead (a near-zero start is not a scale). */
const REFERENCE_FLOOR = 1e-3;

/** Tasks whose loss (any of the given per-task lists) exceeds factor x its reference loss. */
export function explodedTasks(
  reference: readonly number[],
  losses: readonly (readonly number[])[],
  factor = EXPLOSION_FACTOR,
): number[] {
  return reference
    .map((ref, task) => ({ task, limit: factor * Math.max(ref, REFERENCE_FLOOR) }))
    .filter(({ task, limit }) =>
      losses.some((list) => Number.isFinite(list[task]) && list[task] > limit),
    )
    .map(({ task }) => task);
}

/** The per-task reference: the first finite loss seen for each task (kept once set). */
export function updateReference(reference: number[] | null, losses: readonly number[]): number[] {
  return losses.map((loss, task) => {
    const known = reference?.[task];
    if (known !== undefined && Number.isFinite(known)) return known;
    return Number.isFinite(loss) ? loss : NaN;
  });
}
