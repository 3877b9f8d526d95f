/**
 * The worker side of the lab: owns the backend, the dataset, the trainer and the training loop,
 * and serialises every call so a reset never races a running chunk.
 */
import {
  selectBackend,
  watchWebGpuErrors,
  type BackendChoice,
  type BackendSelection,
} from '../core/backend';
import type { LabConfig } from '../core/config/schema';
import { generateDataset } from '../core/data/generator';
import type { Dataset } from '../core/data/types';
import { createTrainer } from '../core/train/trainer';
import { summarizeDataset } from './dataSummary';
import type {
  DataSummary,
  LabWorkerApi,
  RunSnapshot,
  RunStart,
  WorkerEventListener,
} from './protocol';
import { TrainingLoop } from './trainingLoop';
import { wasmPaths } from './wasmAssets';

type Trainer = Awaited<ReturnType<typeof createTrainer>>;

interface LoadedData {
  config: LabConfig;
  dataset: Dataset;
  summary: DataSummary;
}

const MAX_STEPS_PER_CALL = 1_000_000;

export class LabSession implements LabWorkerApi {
  private emit: WorkerEventListener = () => {};
  private data: LoadedData | null = null;
  private trainer: Trainer | null = null;
  private loop: TrainingLoop | null = null;
  private runId = 0;
  private queue: Promise<unknown> = Promise.resolve();

  init(choice: BackendChoice, onEvent: WorkerEventListener): Promise<BackendSelection> {
    this.emit = onEvent;
    return this.exclusive(() => this.activateBackend(choice));
  }

  setBackend(choice: BackendChoice): Promise<{ backend: BackendSelection; run: RunStart | null }> {
    return this.exclusive(async () => {
      await this.disposeRun();
      const backend = await this.activateBackend(choice);
      const run = this.data ? await this.startRun(this.data, false) : null;
      return { backend, run };
    });
  }

  configure(config: LabConfig): Promise<RunStart> {
    return this.exclusive(async () => {
      const sameData = this.data !== null && sameJson(this.data.config.data, config.data);
      let data: LoadedData;
      if (this.data && sameData) {
        data = { ...this.data, config };
      } else {
        // Generate before touching the current run, so a failure leaves it intact.
        const dataset = generateDataset(config.data);
        data = { config, dataset, summary: summarizeDataset(dataset) };
      }
      await this.disposeRun();
      this.data = data;
      return this.startRun(data, !sameData);
    });
  }

  reset(): Promise<RunSnapshot> {
    return this.exclusive(async () => {
      const data = this.requireData();
      await this.disposeRun();
      return (await this.startRun(data, false)).snapshot;
    });
  }

  play(): Promise<void> {
    return this.exclusive(async () => {
      this.requireLoop().start();
    });
  }

  pause(): Promise<RunSnapshot | null> {
    return this.exclusive(async () => {
      if (!this.loop) return null;
      await this.loop.stop();
      return this.loop.publish();
    });
  }

  step(steps: number): Promise<RunSnapshot> {
    return this.exclusive(async () => {
      if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS_PER_CALL) {
        throw new Error(
          `step count must be a whole number from 1 to ${MAX_STEPS_PER_CALL} (got ${steps})`,
        );
      }
      const loop = this.requireLoop();
      await loop.stop();
      return loop.runSteps(steps);
    });
  }

  private async activateBackend(choice: BackendChoice): Promise<BackendSelection> {
    const backend = await selectBackend(choice, { wasmPaths });
    await watchWebGpuErrors((message) => this.emit({ kind: 'gpu-error', message }));
    return backend;
  }

  private async startRun(data: LoadedData, regenerated: boolean): Promise<RunStart> {
    this.trainer = await createTrainer({ config: data.config, dataset: data.dataset });
    this.runId += 1;
    this.loop = new TrainingLoop(this.trainer, this.runId, this.emit);
    const snapshot = await this.loop.publish();
    return { data: data.summary, regenerated, snapshot };
  }

  private async disposeRun(): Promise<void> {
    await this.loop?.stop();
    this.loop = null;
    this.trainer?.dispose();
    this.trainer = null;
  }

  private requireData(): LoadedData {
    if (!this.data) throw new Error('no dataset yet: call configure(config) first');
    return this.data;
  }

  private requireLoop(): TrainingLoop {
    if (!this.loop) throw new Error('no run yet: call configure(config) first');
    return this.loop;
  }

  /** Run calls one after another, in arrival order, even when an earlier one failed. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
