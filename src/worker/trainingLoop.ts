/**
 * Drives one run: trains in time-budgeted chunks, yields to the message queue between chunks, and
 * publishes a snapshot at most every SNAPSHOT_INTERVAL_MS. The engine does no GPU readback inside
 * a step; the only readback is `trainer.snapshot()`, at that throttled cadence.
 */
import type { Snapshot } from '../core/train/types';
import { ChunkSizer, RateMeter, Throttle, yieldToEventLoop } from './pacing';
import type { RunSnapshot, WorkerEventListener } from './protocol';

/** At most 20 snapshots a second reach the page. */
export const SNAPSHOT_INTERVAL_MS = 50;

/** The part of the engine's trainer the loop uses. */
export interface SteppableTrainer {
  readonly step: number;
  train(steps: number): Promise<void>;
  snapshot(): Promise<Snapshot>;
}

/** Sees every published snapshot (checkpoints, divergence rollback: checkpointGuard.ts). */
export interface SnapshotGuard {
  /** Returns true when it rolled the trainer back to an earlier step. */
  afterSnapshot(snapshot: RunSnapshot): Promise<boolean>;
}

const now = (): number => performance.now();

export class TrainingLoop {
  private running = false;
  private done: Promise<void> | null = null;
  private readonly sizer = new ChunkSizer();
  private readonly rate = new RateMeter();
  private readonly throttle = new Throttle(SNAPSHOT_INTERVAL_MS);
  private previous: Snapshot | null = null;
  private rolledBack = false;
  /** Set by the session; absent in unit tests. */
  guard: SnapshotGuard | null = null;

  constructor(
    private readonly trainer: SteppableTrainer,
    readonly runId: number,
    private readonly emit: WorkerEventListener,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Ask the loop to stop after its current chunk and wait until it has. */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    this.done = null;
  }

  /** Train exactly `steps` steps (the loop must be stopped), publishing progress on the way. */
  async runSteps(steps: number): Promise<RunSnapshot> {
    this.rate.restart();
    this.rate.mark(this.trainer.step, now());
    let remaining = steps;
    this.rolledBack = false;
    while (remaining > 0 && !this.rolledBack) {
      const chunk = Math.min(this.sizer.size, remaining);
      await this.trainChunk(chunk);
      remaining -= chunk;
      if (remaining > 0 && this.throttle.ready(now())) await this.publish();
      await yieldToEventLoop();
    }
    return this.publish();
  }

  /** Read the engine's snapshot (async readback) and add run id, speed and running flag. */
  async snapshot(): Promise<RunSnapshot> {
    const snapshot = carryTrainLoss(await this.trainer.snapshot(), this.previous);
    this.previous = snapshot;
    const time = now();
    this.throttle.fire(time);
    const stepsPerSecond = this.rate.mark(snapshot.step, time);
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

  private async trainChunk(steps: number): Promise<void> {
    const started = now();
    await this.trainer.train(steps);
    this.sizer.record(steps, now() - started);
  }

  private async loop(): Promise<void> {
    this.rate.restart();
    this.rate.mark(this.trainer.step, now());
    try {
      while (this.running) {
        await this.trainChunk(this.sizer.size);
        if (this.running && this.throttle.ready(now())) {
          const snapshot = await this.publish();
          // Training on NaN/Inf only burns time; stop so the page can say what happened.
          if (snapshot.diverged) this.running = false;
        }
        await yieldToEventLoop();
      }
    } catch (error) {
      this.running = false;
      this.emit({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
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
