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
import type { CsvMapping, ParseProgress } from '../core/data/csv';
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
import type { TaskMetrics } from '../core/train/types';
import { CsvImporter, type CsvPreview } from './csvImport';
import type { DatasetExport } from './dataStudioApi';
import {
  datasetExport,
  describeDataset,
  scatterSample,
  type DatasetView,
  type ScatterSample,
} from './datasetView';
import type { ImportInput } from '../core/io';
import {
  exportModel,
  importModel,
  type ExportedModel,
  type ImportOutcome,
  type WeightFormat,
} from './modelFiles';
import type { RunsListener } from './runsGroup';
import {
  RunsSession,
  type CompareRequest,
  type CompareResults,
  type CompareState,
} from './runsSession';
import { computeDeltaM, type DeltaMResult } from './deltaMJob';
import { wasmPaths } from './wasmAssets';
import { autoSelectBackend } from './backendAuto';
import { engineNoteEvent } from './engineNote';
import type { TrainerCheckpoint } from '../core/train/api';
import { RunGuard } from './checkpointGuard';
import { destroyCurrentDevice, watchDeviceLoss } from './deviceLoss';
import { DeviceLossRecovery } from './deviceLossRecovery';
import type { WorkerMemory } from './protocol';

type Trainer = Awaited<ReturnType<typeof createTrainer>>;

/** Steps between conflict probes for methods that do not compute task gradients themselves. */
export const CONFLICT_EVERY = 10;

interface LoadedData {
  config: LabConfig;
  dataset: Dataset;
  summary: DataSummary;
}

const MAX_STEPS_PER_CALL = 1_000_000;

export class LabSession implements LabWorkerApi {
  private emit: WorkerEventListener = () => {};
  private data: LoadedData | null = null;
  /** The backend selection in force (engineNote.ts adds an engine's fallback reason to it). */
  private selection: BackendSelection | null = null;
  private trainer: Trainer | null = null;
  private loop: TrainingLoop | null = null;
  private runId = 0;
  /** Checkpoints and divergence rollback of the current run (checkpointGuard.ts). */
  private guard: RunGuard | null = null;
  private readonly recovery = new DeviceLossRecovery({
    emit: (event) => this.emit(event),
    exclusive: (task) => this.exclusive(task),
    isTraining: () => this.loop?.isRunning ?? false,
    lastCheckpoint: () => this.guard?.latest ?? null,
    stopAll: async () => {
      await this.disposeRun(true);
      await this.runs.stop(true);
    },
    resume: async (checkpoint) =>
      this.data
        ? (await this.startRun(this.data, false, { checkpoint }), { runId: this.runId })
        : null,
    play: () => this.loop?.start(),
  });
  private queue: Promise<unknown> = Promise.resolve();
  private readonly csvImporter = new CsvImporter();
  private readonly runs = new RunsSession(
    (data) => (this.data && sameJson(this.data.config.data, data) ? this.data.dataset : null),
    (message) => this.emit({ kind: 'error', message }),
  );

  init(
    choice: BackendChoice,
    onEvent: WorkerEventListener,
    config?: LabConfig,
  ): Promise<BackendSelection> {
    this.emit = onEvent;
    return this.exclusive(() => this.activateBackend(choice, config));
  }

  setBackend(choice: BackendChoice): Promise<{ backend: BackendSelection; run: RunStart | null }> {
    return this.exclusive(async () => {
      await this.disposeRun();
      await this.runs.stop(); // its trainers live on the old backend
      const backend = await this.activateBackend(choice, this.data?.config);
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
      await this.runs.pause();
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

  exportModel(format: WeightFormat): Promise<ExportedModel> {
    return this.exclusive(() =>
      exportModel(this.requireTrainer(), this.requireData().config, format),
    );
  }

  importModel(input: ImportInput): Promise<ImportOutcome> {
    return this.exclusive(() =>
      importModel(this.requireTrainer(), this.requireData().config, input),
    );
  }

  predict(split: 'train' | 'test'): Promise<number[][]> {
    return this.exclusive(() => this.requireTrainer().predict(split));
  }

  compare(request: CompareRequest, listener?: RunsListener): Promise<CompareState | null> {
    return this.exclusive(async () => {
      // One thing trains at a time: comparing pauses the main run.
      if (request.kind === 'play' || request.kind === 'step') await this.loop?.stop();
      return this.runs.handle(request, listener);
    });
  }

  compareResults(): Promise<CompareResults> {
    return this.exclusive(() => this.runs.results());
  }

  computeDeltaM(): Promise<DeltaMResult> {
    return this.exclusive(async () => {
      // The baseline trains on the same device: stop the run so the two do not compete.
      await this.loop?.stop();
      const { config, dataset } = this.requireData();
      return computeDeltaM(config, dataset, this.requireTrainer());
    });
  }

  restoreCheckpoint(checkpoint: TrainerCheckpoint): Promise<RunSnapshot | null> {
    return this.exclusive(async () => {
      const loop = this.requireLoop();
      await loop.stop();
      // restore() checks names and shapes first and changes nothing when they do not fit.
      const fits = await this.requireTrainer()
        .restore(checkpoint)
        .then(() => true)
        .catch(() => false);
      if (!fits) return null;
      this.guard?.adopt(checkpoint);
      return loop.publish();
    });
  }

  memory(): Promise<WorkerMemory> {
    return this.exclusive(async () => {
      const { tf } = await import('../core/tf');
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes, backend: tf.getBackend() };
    });
  }

  loseDevice(): Promise<boolean> {
    return destroyCurrentDevice();
  }

  /** From the worker's global error handlers (lab.worker.ts): tell the page, keep going. */
  notifyUnexpected(message: string): void {
    this.emit({ kind: 'notice', notice: { kind: 'worker-error', runId: this.runId, message } });
  }

  private requireTrainer(): Trainer {
    if (!this.trainer) throw new Error('no run yet: call configure(config) first');
    return this.trainer;
  }

  // --- Data studio (dataStudioApi.ts): views, CSV import, generator again, export. ---

  datasetView(): Promise<DatasetView> {
    return this.exclusive(async () => describeDataset(this.requireData().dataset));
  }

  scatterSample(taskA: number, taskB: number, maxPoints: number): Promise<ScatterSample> {
    return this.exclusive(async () =>
      scatterSample(this.requireData().dataset, taskA, taskB, maxPoints),
    );
  }

  /** Not queued: parsing a file must not wait for, or hold up, training calls. */
  parseCsv(
    file: Blob,
    fileName: string,
    onProgress: (progress: ParseProgress) => void,
  ): Promise<CsvPreview> {
    return this.csvImporter.parse(file, fileName, onProgress);
  }

  importCsv(mapping: CsvMapping, config: LabConfig): Promise<RunStart> {
    // Build first: a bad file throws here and the loaded dataset and run stay as they were.
    return this.exclusive(() => this.swapDataset(config, this.csvImporter.build(mapping)));
  }

  useGeneratedData(config: LabConfig): Promise<RunStart> {
    return this.exclusive(() => this.swapDataset(config, generateDataset(config.data)));
  }

  exportDataset(): Promise<DatasetExport> {
    return this.exclusive(async () => datasetExport(this.requireData().dataset));
  }

  private async swapDataset(config: LabConfig, dataset: Dataset): Promise<RunStart> {
    await this.disposeRun();
    this.data = { config, dataset, summary: summarizeDataset(dataset) };
    this.csvImporter.clear();
    return this.startRun(this.data, true);
  }

  testMetrics(): Promise<TaskMetrics[]> {
    return this.exclusive(async () => {
      if (!this.trainer) throw new Error('no run yet: call configure(config) first');
      return this.trainer.evaluate('test');
    });
  }

  private async activateBackend(
    choice: BackendChoice,
    config?: LabConfig,
  ): Promise<BackendSelection> {
    // 'auto' with a config: measure the backends on it and take the fastest (backendAuto.ts).
    const backend =
      choice === 'auto' && config
        ? await autoSelectBackend(
            config,
            this.data && sameJson(this.data.config.data, config.data)
              ? this.data.dataset
              : generateDataset(config.data),
            { wasmPaths },
          )
        : await selectBackend(choice, { wasmPaths });
    this.selection = backend;
    await watchWebGpuErrors((message) => this.emit({ kind: 'gpu-error', message }));
    await watchDeviceLoss((from, reason) => this.recovery.onLost(from, reason));
    return backend;
  }

  /** `resume`: keep the run id (the page keeps its history) and continue from a checkpoint. */
  private async startRun(
    data: LoadedData,
    regenerated: boolean,
    resume?: { checkpoint: TrainerCheckpoint | null },
  ): Promise<RunStart> {
    this.trainer = await createTrainer({
      config: data.config,
      dataset: data.dataset,
      // Loss methods (EW, UW, ...) compute no task gradients; probe them so the microscope shows conflicts.
      options: { conflictEvery: CONFLICT_EVERY },
    });
    const note = this.selection && engineNoteEvent(this.selection, data.config);
    if (note) this.emit(note);
    if (!resume) this.runId += 1;
    this.loop = new TrainingLoop(this.trainer, this.runId, this.recovery.loopEmit);
    this.guard = new RunGuard(this.trainer, data.config, this.runId, this.emit);
    this.loop.guard = this.guard;
    if (resume?.checkpoint) {
      await this.trainer.restore(resume.checkpoint);
      this.guard.adopt(resume.checkpoint);
    }
    const snapshot = await this.loop.publish();
    return { data: data.summary, regenerated, snapshot };
  }

  private async disposeRun(abandon = false): Promise<void> {
    await this.loop?.stop(abandon);
    this.loop = null;
    this.guard = null;
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
