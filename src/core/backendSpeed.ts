/**
 * "Best backend, measured": try each available backend on the current configuration for a
 * fraction of a second and pick the fastest in steps per second. Pure: activating a backend and
 * building a training trial are injected, so the logic is tested in Node with fakes, and the
 * worker supplies the real ones (src/worker/backendAuto.ts).
 */
import {
  withTimeLimit,
  type AdapterSummary,
  type BackendName,
  type BackendSpeed,
} from './engines/tfjs/backend';
import type { LabConfig } from './config/schema';
import { errorMessage } from './errorMessage';

/** A few training steps on the active backend (a trainer on the current config). */
export interface SpeedTrial {
  train(steps: number): Promise<void>;
  /** Wait until the issued steps have finished (one small readback). */
  sync(): Promise<void>;
  dispose(): void;
}

export interface MeasureOptions {
  candidates: readonly BackendName[];
  /** Make `name` the active backend; throw when it is unavailable. */
  activate(name: BackendName): Promise<void>;
  /** Build a trial on the active backend. */
  trial(name: BackendName): Promise<SpeedTrial>;
  /** Timed budget per backend after one warm-up step (ms). Default 1000 / candidates. */
  budgetMs?: number;
  /** Most timed steps per backend. Default 200. */
  maxSteps?: number;
  /** Longest one backend may take, start and warm-up included (ms); then it is skipped. */
  limitMs?: number;
  /** Hears each backend's figure as soon as it is measured (for progress on the page). */
  onMeasured?: (speed: BackendSpeed) => void;
  now?: () => number;
}

async function measureOne(
  name: BackendName,
  o: MeasureOptions,
  budget: number,
): Promise<BackendSpeed> {
  const now = o.now ?? (() => performance.now());
  let trial: SpeedTrial | null = null;
  try {
    await o.activate(name);
    trial = await o.trial(name);
    // One warm-up step: shader compilation and first uploads are not part of the speed.
    await trial.train(1);
    await trial.sync();
    const started = now();
    let steps = 0;
    const maxSteps = o.maxSteps ?? 200;
    while (steps < 2 || (now() - started < budget && steps < maxSteps)) {
      await trial.train(1);
      await trial.sync();
      steps += 1;
    }
    const seconds = Math.max(now() - started, 1e-3) / 1000;
    return { name, stepsPerSecond: steps / seconds };
  } catch (error) {
    return { name, stepsPerSecond: null, reason: errorMessage(error) };
  } finally {
    trial?.dispose();
  }
}

/** Speeds of every candidate, in the order given. Never throws. */
export async function measureBackends(o: MeasureOptions): Promise<BackendSpeed[]> {
  const budget = o.budgetMs ?? 1000 / Math.max(1, o.candidates.length);
  const speeds: BackendSpeed[] = [];
  for (const name of o.candidates) {
    const speed = await withTimeLimit(
      measureOne(name, o, budget),
      o.limitMs ?? DEFAULT_MEASURE_LIMIT_MS,
      `measuring ${name}`,
    ).catch((error: unknown) => ({ name, stepsPerSecond: null, reason: errorMessage(error) }));
    speeds.push(speed);
    o.onMeasured?.(speed);
  }
  return speeds;
}

/** Per backend: starting it, one warm-up step (shader compilation) and the timed steps. */
export const DEFAULT_MEASURE_LIMIT_MS = 30_000;

/** How many times faster `to` ran than `from` in these figures; null when either did not run. */
export function speedup(
  speeds: readonly BackendSpeed[],
  from: BackendName,
  to: BackendName,
): number | null {
  const of = (name: BackendName) => speeds.find((s) => s.name === name)?.stepsPerSecond ?? null;
  const a = of(from);
  const b = of(to);
  return a && b ? b / a : null;
}

/** A move to a faster backend pays for itself only when it is clearly faster. */
export const MOVE_MIN_SPEEDUP = 1.2;

/**
 * What the measured speeds depend on: the adapter (or none) and the model's shape (architecture,
 * sizes, features, tasks, batch). Not the seeds or the learning rate: they do not change speed.
 */
export function speedKey(adapter: AdapterSummary | null, config: LabConfig): string {
  const { model, data, train } = config;
  return JSON.stringify({
    adapter: adapter ? [adapter.vendor, adapter.architecture, adapter.description] : null,
    model,
    features: data.features,
    tasks: data.taskSpecs.map((t) => [t.kind, t.classes]),
    batchSize: train.batchSize,
    method: train.method,
  });
}

/** A measurement kept for later visits (src/state/backendMemory.ts). */
export interface RememberedChoice {
  best: BackendName;
  speeds: BackendSpeed[];
  /** Date.now() of the measurement. */
  measuredAt: number;
}

/** The fastest measured backend, or null when none ran. Ties keep the earlier candidate. */
export function fastestBackend(speeds: readonly BackendSpeed[]): BackendName | null {
  let best: BackendSpeed | null = null;
  for (const s of speeds) {
    if (s.stepsPerSecond === null) continue;
    if (!best || s.stepsPerSecond > (best.stepsPerSecond ?? 0)) best = s;
  }
  return best?.name ?? null;
}
