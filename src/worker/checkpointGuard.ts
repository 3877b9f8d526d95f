/**
 * Watches the run's published snapshots: keeps the last good checkpoint of the weights (in worker
 * memory, so it survives a lost GPU device) and, when a snapshot says the run diverged, rolls the
 * trainer back to that checkpoint and tells the page which task and method diverged.
 */
import type { LabConfig } from '../core/config/schema';
import { findMethod } from '../core/methods/registry';
import type { Trainer, TrainerCheckpoint } from '../core/train/api';
import {
  checkpointDue,
  explodedTasks,
  updateReference,
  DEFAULT_CHECKPOINT_POLICY,
  type CheckpointMark,
  type CheckpointPolicy,
} from './checkpointPolicy';
import { divergenceNotice } from './checkpointMessages';
import type { RunSnapshot, WorkerEventListener } from './protocol';
import type { SnapshotGuard } from './trainingLoop';

export class RunGuard implements SnapshotGuard {
  private mark: CheckpointMark | null = null;
  private checkpoint: TrainerCheckpoint | null = null;
  /** A divergence with no checkpoint to go back to is reported once (the flag is sticky). */
  private reportedUnrecoverable = false;
  /** Per-task loss at the start of the run, for the "exploded" test. */
  private reference: number[] | null = null;

  constructor(
    private readonly trainer: Trainer,
    private config: LabConfig,
    private readonly runId: number,
    private readonly emit: WorkerEventListener,
    private readonly policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
  ) {}

  /** Live settings changed the run's config: later checkpoints and messages carry the new one. */
  useConfig(config: LabConfig): void {
    this.config = config;
  }

  /** The last checkpoint taken from a finite snapshot. */
  get latest(): TrainerCheckpoint | null {
    return this.checkpoint;
  }

  /** Start from a known checkpoint (after a lost device or a reload). */
  adopt(checkpoint: TrainerCheckpoint): void {
    this.checkpoint = checkpoint;
    this.mark = { step: checkpoint.step, timeMs: performance.now() };
  }

  async afterSnapshot(snapshot: RunSnapshot): Promise<boolean> {
    if (snapshot.diverged) return this.rollBack(snapshot);
    this.reference = updateReference(this.reference, snapshot.testLoss);
    const exploded = explodedTasks(this.reference, [snapshot.trainLoss, snapshot.testLoss]);
    if (exploded.length) return this.rollBack(snapshot, exploded);
    if (!checkpointDue(this.mark, snapshot, performance.now(), this.policy)) return false;
    const weights = await this.trainer.exportWeights();
    // Parameters are finite here: the snapshot that was just read checked them on the device.
    this.adopt({ step: snapshot.step, weights });
    this.emit({
      kind: 'checkpoint',
      checkpoint: {
        runId: this.runId,
        step: snapshot.step,
        weights,
        config: this.config,
        dataSource: this.trainer.dataset.source.kind === 'csv' ? 'csv' : 'generator',
      },
    });
    return false;
  }

  private async rollBack(snapshot: RunSnapshot, exploded: number[] = []): Promise<boolean> {
    const checkpoint = this.checkpoint;
    const restored = checkpoint !== null && checkpoint.step <= snapshot.step;
    if (!restored && this.reportedUnrecoverable) return false;
    this.reportedUnrecoverable = !restored;
    if (restored) await this.trainer.restore(checkpoint);
    const notice = divergenceNotice({
      runId: this.runId,
      divergence: exploded.length
        ? { step: snapshot.step, tasks: exploded, sharedParameters: false }
        : (snapshot.divergence ?? { step: snapshot.step, tasks: [], sharedParameters: true }),
      growth: exploded.map((task) => ({
        task,
        from: this.reference?.[task] ?? NaN,
        to: Math.max(
          ...[snapshot.trainLoss[task], snapshot.testLoss[task]].filter(Number.isFinite),
        ),
      })),
      taskNames: this.trainer.dataset.tasks.map((task) => task.name),
      method: findMethod(this.config.train.method)?.label ?? this.config.train.method,
      learningRate: this.config.train.learningRate,
      restoredStep: restored ? checkpoint.step : null,
    });
    this.emit({ kind: 'notice', notice });
    return restored;
  }
}
