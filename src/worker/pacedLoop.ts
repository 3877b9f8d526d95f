/**
 * The pacing both training loops share (one run: trainingLoop.ts; several runs in lockstep:
 * runsGroup.ts): train in time-budgeted chunks, yield to the message queue between chunks, and
 * publish a snapshot at most every `intervalMs`. Subclasses say what a chunk trains, what a
 * snapshot is, and when the loop should stop on its own.
 */
import { ChunkSizer, RateMeter, Throttle, yieldToEventLoop } from './pacing';
import { errorMessage } from '../core/errorMessage';

export const now = (): number => performance.now();

export abstract class PacedLoop<S> {
  protected running = false;
  private done: Promise<void> | null = null;
  private readonly sizer = new ChunkSizer();
  protected readonly rate = new RateMeter();
  private readonly throttle: Throttle;

  constructor(intervalMs: number) {
    this.throttle = new Throttle(intervalMs);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /**
   * Ask the loop to stop after its current chunk and wait until it has. With `abandon` (the GPU
   * under it was lost) do not wait: a chunk on a lost WebGL context may never settle.
   */
  async stop(abandon = false): Promise<void> {
    this.running = false;
    if (!abandon) await this.done;
    this.done = null;
  }

  /** Train exactly `steps` steps (the loop must be stopped), publishing progress on the way. */
  async runSteps(steps: number): Promise<S> {
    this.rate.restart();
    this.rate.mark(this.currentStep(), now());
    let remaining = steps;
    this.beforeSteps();
    while (remaining > 0 && !this.interrupted()) {
      const chunk = Math.min(this.sizer.size, remaining);
      await this.timedChunk(chunk, remaining === chunk);
      remaining -= chunk;
      if (remaining > 0 && this.throttle.ready(now())) await this.publish();
      await yieldToEventLoop();
    }
    return this.publish();
  }

  abstract publish(): Promise<S>;

  /** The step the speed readout counts from. */
  protected abstract currentStep(): number;
  /**
   * Train `steps` steps of every run this loop drives; `lastOfSteps` marks the final chunk of
   * runSteps (a Step while paused), after which every view should be fresh.
   */
  protected abstract trainChunk(steps: number, lastOfSteps: boolean): Promise<void>;
  /** True when, after a published snapshot, training on would only burn time. */
  protected abstract shouldStop(snapshot: S): boolean;
  protected abstract reportError(message: string): void;
  protected beforeSteps(): void {}
  /** True when runSteps must end early (e.g. after a rollback). */
  protected interrupted(): boolean {
    return false;
  }

  /** Time stamp for a snapshot being published now; the throttle counts from here. */
  protected markPublished(): number {
    const time = now();
    this.throttle.fire(time);
    return time;
  }

  private async timedChunk(steps: number, lastOfSteps = false): Promise<void> {
    const started = now();
    await this.trainChunk(steps, lastOfSteps);
    this.sizer.record(steps, now() - started);
  }

  private async loop(): Promise<void> {
    this.rate.restart();
    this.rate.mark(this.currentStep(), now());
    try {
      while (this.running) {
        await this.timedChunk(this.sizer.size);
        if (this.running && this.throttle.ready(now())) {
          const snapshot = await this.publish();
          if (this.shouldStop(snapshot)) this.running = false;
        }
        await yieldToEventLoop();
      }
    } catch (error) {
      this.running = false;
      this.reportError(errorMessage(error));
    }
  }
}
