/**
 * Several runs trained side by side for comparison: every run holds its own trainer on the same
 * dataset, and the loop gives each the same number of steps per round (round-robin), so the runs
 * advance in lockstep. All runs' snapshots go to the page together in one message, at most
 * every RUNS_SNAPSHOT_INTERVAL_MS, so eight runs cost no more messages than one.
 */
import type { Snapshot, TaskMetrics } from '../core/train/types';
import { ChunkSizer, RateMeter, Throttle, yieldToEventLoop } from './pacing';
import { carryTrainLoss } from './trainingLoop';

/** At most 20 batched snapshots a second, whatever the number of runs. */
export const RUNS_SNAPSHOT_INTERVAL_MS = 50;

export interface GroupTrainer {
  readonly step: number;
  train(steps: number): Promise<void>;
  snapshot(): Promise<Snapshot>;
  evaluate(split: 'test'): Promise<TaskMetrics[]>;
  dispose(): void;
}

export interface RunsSnapshot {
  /** Increases with every new set of runs; the page drops snapshots of older groups. */
  groupId: number;
  running: boolean;
  /** Steps per second of the group (each run advanced this many steps per second). */
  stepsPerSecond: number;
  runs: Snapshot[];
}

export type RunsListener = (snapshot: RunsSnapshot) => void;

const now = (): number => performance.now();

export class RunsGroup {
  private running = false;
  private done: Promise<void> | null = null;
  private readonly sizer = new ChunkSizer();
  private readonly rate = new RateMeter();
  private readonly throttle = new Throttle(RUNS_SNAPSHOT_INTERVAL_MS);
  private previous: (Snapshot | null)[];

  constructor(
    private readonly trainers: GroupTrainer[],
    readonly groupId: number,
    private readonly emit: RunsListener,
    private readonly onError: (message: string) => void,
  ) {
    this.previous = trainers.map(() => null);
  }

  get size(): number {
    return this.trainers.length;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Swap in a fresh trainer for run `index` (restart from the same initialisation). */
  replace(index: number, trainer: GroupTrainer): void {
    this.trainers[index].dispose();
    this.trainers[index] = trainer;
    this.previous[index] = null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    this.done = null;
  }

  async runSteps(steps: number): Promise<RunsSnapshot> {
    this.rate.restart();
    this.rate.mark(this.leadStep(), now());
    let remaining = steps;
    while (remaining > 0) {
      const chunk = Math.min(this.sizer.size, remaining);
      await this.round(chunk);
      remaining -= chunk;
      if (remaining > 0 && this.throttle.ready(now())) await this.publish();
      await yieldToEventLoop();
    }
    return this.publish();
  }

  async publish(): Promise<RunsSnapshot> {
    const runs: Snapshot[] = [];
    for (let i = 0; i < this.trainers.length; i++) {
      const snap = carryTrainLoss(await this.trainers[i].snapshot(), this.previous[i]);
      this.previous[i] = snap;
      runs.push(snap);
    }
    const time = now();
    this.throttle.fire(time);
    const stepsPerSecond = this.rate.mark(this.leadStep(), time);
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

  private leadStep(): number {
    return Math.max(0, ...this.trainers.map((t) => t.step));
  }

  /** Every run that has not diverged trains `steps` steps, one run after the other. */
  private async round(steps: number): Promise<void> {
    const started = now();
    for (let i = 0; i < this.trainers.length; i++) {
      if (this.previous[i]?.diverged) continue;
      await this.trainers[i].train(steps);
    }
    this.sizer.record(steps, now() - started);
  }

  private async loop(): Promise<void> {
    this.rate.restart();
    this.rate.mark(this.leadStep(), now());
    try {
      while (this.running) {
        await this.round(this.sizer.size);
        if (this.running && this.throttle.ready(now())) {
          const snapshot = await this.publish();
          if (snapshot.runs.every((run) => run.diverged)) this.running = false;
        }
        await yieldToEventLoop();
      }
    } catch (error) {
      this.running = false;
      this.onError(error instanceof Error ? error.message : String(error));
    }
  }
}
