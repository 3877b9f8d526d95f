/**
 * Pacing of the worker's training loop: how many steps to run per chunk so that the worker comes
 * back to its message queue often, and how fast training goes.
 */

/** Grows or shrinks the steps per chunk so one chunk takes about `budgetMs` of host time. */
export class ChunkSizer {
  private steps = 1;

  constructor(
    private readonly budgetMs = 25,
    private readonly maxSteps = 256,
  ) {}

  get size(): number {
    return this.steps;
  }

  /** Report that `steps` steps took `elapsedMs`; returns the next chunk size. */
  record(steps: number, elapsedMs: number): number {
    const perStep = Math.max(elapsedMs, 0.01) / Math.max(steps, 1);
    const ideal = this.budgetMs / perStep;
    // Move at most 2x per chunk so one slow outlier (a pipeline compile) does not collapse it.
    const next = Math.min(ideal, this.steps * 2);
    this.steps = Math.max(1, Math.min(this.maxSteps, Math.floor(next)));
    return this.steps;
  }
}

/** Steps per second over the stretch between two `mark` calls, smoothed a little. */
export class RateMeter {
  private lastStep: number | null = null;
  private lastTime = 0;
  private rate = 0;

  constructor(private readonly smoothing = 0.5) {}

  get stepsPerSecond(): number {
    return this.rate;
  }

  /** Forget the previous mark (after a pause or reset) but keep the last rate for display. */
  restart(): void {
    this.lastStep = null;
  }

  mark(step: number, timeMs: number): number {
    if (this.lastStep !== null && timeMs > this.lastTime && step >= this.lastStep) {
      const instant = ((step - this.lastStep) * 1000) / (timeMs - this.lastTime);
      this.rate =
        this.rate === 0 ? instant : this.smoothing * this.rate + (1 - this.smoothing) * instant;
    }
    this.lastStep = step;
    this.lastTime = timeMs;
    return this.rate;
  }
}

/** Lets at most one event through per `intervalMs`. */
export class Throttle {
  private last = -Infinity;

  constructor(private readonly intervalMs: number) {}

  ready(nowMs: number): boolean {
    return nowMs - this.last >= this.intervalMs;
  }

  fire(nowMs: number): void {
    this.last = nowMs;
  }
}

/**
 * Yield to the event loop so queued messages (pause, step, config) are handled between chunks.
 * A MessageChannel task avoids the 4 ms clamp that nested setTimeout(0) calls get.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
