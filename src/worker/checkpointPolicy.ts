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
