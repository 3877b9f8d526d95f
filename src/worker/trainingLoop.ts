/**
 * Drives one run: trains in time-budgeted chunks, yields to the message queue between chunks, and
 * publishes a snapshot at most every SNAPSHOT_INTERVAL_MS. The engine does no GPU readback inside
 * a step; the only readback is `trainer.snapshot()`, at that throttled cadence.
 */
import type { Snapshot } from '../core/train/types';
import { PacedLoop } from './pacedLoop';
import type { RunSnapshot, WorkerEventListener } from './protocol';

/** At most 20 snapshots a second reach the page. */
export const SNAPSHOT_INTERVAL_MS = 50;

/** The part of the engine's trainer the loop uses. */
export interface SteppableTrainer {
  readonly step: number;
  train(steps: number, refreshViews?: boolean): Promise<void>;
  snapshot(): Promise<Snapshot>;
}

/** Sees every published snapshot (checkpoints, divergence rollback: checkpointGuard.ts). */
export interface SnapshotGuard {
  /** Returns true when it rolled the trainer back to an earlier step. */
  afterSnapshot(snapshot: RunSnapshot): Promise<boolean>;
}

export class TrainingLoop extends PacedLoop<RunSnapshot> {
  private previous: Snapshot | null = null;
  private rolledBack = false;
  /** Set by the session; absent in unit tests. */
  guard: SnapshotGuard | null = null;

  constructor(
    private readonly trainer: SteppableTrainer,
    readonly runId: number,
    private readonly emit: WorkerEventListener,
  ) {
    super(SNAPSHOT_INTERVAL_MS);
  }

  /** Read the engine's snapshot (async readback) and add run id, speed and running flag. */
  async snapshot(): Promise<RunSnapshot> {
    const snapshot = carryTrainLoss(await this.trainer.snapshot(), this.previous);
    this.previous = snapshot;
    const stepsPerSecond = this.rate.mark(snapshot.step, this.markPublished());
    return { ...snapshot, runId: this.runId, running: this.running, stepsPerSecond };
  }

  async publish(): Promise<RunSnapshot> {
    const snapshot = await this.snapshot();
    this.emit({ kind: 'snapshot', snapshot });
    if (!this.guard || !(await this.guard.afterSnapshot(snapshot))) return snapshot;
    // Rolled back to the last good checkpoint: stop, and show the step the run is at now.
    this.running = false;
    this.rolledBack = true;
    this.rate.restart();
    return this.publish();
  }

  protected currentStep(): number {
    return this.trainer.step;
  }

  protected trainChunk(steps: number, lastOfSteps: boolean): Promise<void> {
    return this.trainer.train(steps, lastOfSteps);
  }

  /** Training on NaN/Inf only burns time; stop so the page can say what happened. */
  protected shouldStop(snapshot: RunSnapshot): boolean {
    return snapshot.diverged;
  }

  protected reportError(message: string): void {
    this.emit({ kind: 'error', message });
  }

  protected override beforeSteps(): void {
    this.rolledBack = false;
  }

  protected override interrupted(): boolean {
    return this.rolledBack;
  }
}

/**
 * The engine averages the train loss over the steps since its previous snapshot, so a snapshot
 * with no new steps (pause right after a publish) has none; keep showing the last known values.
 */
export function carryTrainLoss(snapshot: Snapshot, previous: Snapshot | null): Snapshot {
  if (!previous || previous.step !== snapshot.step) return snapshot;
  const trainLoss = snapshot.trainLoss.map((loss, task) =>
    Number.isFinite(loss) ? loss : (previous.trainLoss[task] ?? loss),
  );
  return { ...snapshot, trainLoss };
}
