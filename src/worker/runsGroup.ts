/**
 * Several runs trained side by side for comparison: every run holds its own trainer on the same
 * dataset, and the loop gives each the same number of steps per round (round-robin), so the runs
 * advance in lockstep. All runs' snapshots go to the page together in one message, at most
 * every RUNS_SNAPSHOT_INTERVAL_MS, so eight runs cost no more messages than one.
 */
import type { Snapshot, TaskMetrics } from '../core/train/types';
import { PacedLoop } from './pacedLoop';
import { carryTrainLoss } from './trainingLoop';
import type { RunsListener, RunsSnapshot } from './protocol/runs';

/** At most 20 batched snapshots a second, whatever the number of runs. */
export const RUNS_SNAPSHOT_INTERVAL_MS = 50;

export interface GroupTrainer {
  readonly step: number;
  train(steps: number): Promise<void>;
  snapshot(): Promise<Snapshot>;
  evaluate(split: 'test'): Promise<TaskMetrics[]>;
  dispose(): void;
}

export class RunsGroup extends PacedLoop<RunsSnapshot> {
  private previous: (Snapshot | null)[];

  constructor(
    private readonly trainers: GroupTrainer[],
    readonly groupId: number,
    private readonly emit: RunsListener,
    private readonly onError: (message: string) => void,
  ) {
    super(RUNS_SNAPSHOT_INTERVAL_MS);
    this.previous = trainers.map(() => null);
  }

  get size(): number {
    return this.trainers.length;
  }

  /** Swap in a fresh trainer for run `index` (restart from the same initialisation). */
  replace(index: number, trainer: GroupTrainer): void {
    this.trainers[index].dispose();
    this.trainers[index] = trainer;
    this.previous[index] = null;
  }

  async publish(): Promise<RunsSnapshot> {
    const runs: Snapshot[] = [];
    for (let i = 0; i < this.trainers.length; i++) {
      const snap = carryTrainLoss(await this.trainers[i].snapshot(), this.previous[i]);
      this.previous[i] = snap;
      runs.push(snap);
    }
    const stepsPerSecond = this.rate.mark(this.currentStep(), this.markPublished());
    const snapshot = { groupId: this.groupId, running: this.running, stepsPerSecond, runs };
    this.emit(snapshot);
    return snapshot;
  }

  /** Test metrics of every run, in run order. */
  async evaluate(): Promise<TaskMetrics[][]> {
    const out: TaskMetrics[][] = [];
    for (const trainer of this.trainers) out.push(await trainer.evaluate('test'));
    return out;
  }

  dispose(): void {
    this.running = false;
    for (const trainer of this.trainers) trainer.dispose();
    this.trainers.length = 0;
  }

  protected currentStep(): number {
    return Math.max(0, ...this.trainers.map((t) => t.step));
  }

  /** Every run that has not diverged trains `steps` steps, one run after the other. */
  protected async trainChunk(steps: number): Promise<void> {
    for (let i = 0; i < this.trainers.length; i++) {
      if (this.previous[i]?.diverged) continue;
      await this.trainers[i].train(steps);
    }
  }

  protected shouldStop(snapshot: RunsSnapshot): boolean {
    return snapshot.runs.every((run) => run.diverged);
  }

  protected reportError(message: string): void {
    this.onError(message);
  }
}
