/**
 * The worker side of the lab: owns the backend, the dataset, the trainer and the training loop,
 * and serialises every call so a reset never races a running chunk.
 */
import {
  BACKENDS,
  watchWebGpuErrors,
  type BackendChoice,
  type BackendMoveReason,
  type BackendName,
  type BackendSelection,
  type BackendSpeed,
} from '../core/engines/tfjs/backend';
import type { LabConfig } from '../core/config/schema';
import { generateDataset } from '../core/data/generator';
import type { Dataset } from '../core/data/types';
import { featureGroupErrors } from '../core/model/featureGroups';
import { getArchitecture } from '../core/model/registry';
import { inputsOffErrors } from '../core/data/featuresOff';
import { ConfigError } from '../core/config/validate';
import type { CsvMapping, ParseProgress } from '../core/data/csv';
import { createTrainer } from '../core/train/trainer';
import { summarizeDataset } from './dataSummary';
import type {
  RunChange,
  DataSummary,
  LabWorkerApi,
  RunSnapshot,
  RunStart,
  WorkerEventListener,
} from './protocol';
import { TrainingLoop } from './trainingLoop';
import type { TaskMetrics } from '../core/train/types';
import { CsvImporter } from './csvImport';
import type { CsvPreview } from './protocol/data';
import type { DatasetExport } from './protocol/data';
import { datasetExport, describeDataset, scatterSample } from './datasetView';
import type { DatasetView, ScatterSample } from './protocol/data';
import type { ImportInput } from '../core/io';
import { exportModel, importModel } from './modelFiles';
import { editNetworkWeight } from './networkEdit';
import type { WeightEditRequest } from '../core/network/weightEdit';
import type { ExportedModel, ImportOutcome, WeightFormat } from './protocol/runs';
import type { RunsListener } from './protocol/runs';
import { RunsSession } from './runsSession';
import type { CompareRequest, CompareResults, CompareState } from './protocol/runs';
import { computeDeltaM, computeSafetyAudit } from './deltaMJob';
import type { DeltaMResult, SafetyAuditResult } from './protocol/runs';
import {
  activateChoice,
  activateExactly,
  alternativesTo,
  isUnsupportedOnBackend,
} from './backendSwitch';
import type { TrainerCheckpoint, TrainerState } from '../core/train/api';
import type { ProbeOptions } from '../core/grouping/probes';
import type { GroupingMethod } from '../core/grouping/suggest';
import type { ComparisonRow } from '../core/grouping/groupTraining';
import type { SweepDefinition } from '../core/sweep/grid';
import { groupingState, runSweepJob, trainSuggestedGrouping } from './groupingJobs';
import type { GroupingRequest, GroupingState, SweepListener } from './protocol/grouping';
import { engineNoteEvent } from './engineNote';
import { RunGuard } from './checkpointGuard';
import { destroyCurrentDevice, watchDeviceLoss } from '../core/engines/tfjs/deviceLoss';
import { DeviceLossRecovery } from './deviceLossRecovery';
import type { WorkerMemory } from './protocol';
import { errorMessage } from '../core/errorMessage';
import { configureLive } from './liveConfigure';
import { CONFLICT_EVERY } from '../core/train/conflict';
import { defaultPlane, planeProblem, type PlaneSpec } from '../core/network/plane';
import type { NetworkViewData } from '../core/network/view';

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
  /** Checkpoints and divergence rollback of the current run (checkpointGuard.ts). */
  private guard: RunGuard | null = null;
  private readonly recovery = new DeviceLossRecovery({
    emit: (event) => {
      if (event.kind === 'notice' && event.backend) this.backend = event.backend;
      this.emit(event);
    },
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
  private backend: BackendSelection | null = null;
  /** TAG affinity / data maps of the main run (off until the page asks). */
  private probes: ProbeOptions = { affinityEvery: 0, dataMap: false };
  private sweepCancelled = false;
  private readonly csvImporter = new CsvImporter();
  private readonly runs = new RunsSession(
    (data) => (this.data && sameJson(this.data.config.data, data) ? this.data.dataset : null),
    (message) => this.emit({ kind: 'error', message }),
  );

  init(
    choice: BackendChoice,
    onEvent: WorkerEventListener,
    remembered: BackendName | null = null,
  ): Promise<BackendSelection> {
    this.emit = onEvent;
    return this.exclusive(() => this.activateBackend(choice, remembered));
  }

  setBackend(
    choice: BackendChoice,
    remembered: BackendName | null = null,
  ): Promise<{ backend: BackendSelection; run: RunStart | null }> {
    return this.exclusive(async () => {
      await this.disposeRun();
      await this.runs.stop(); // its trainers live on the old backend
      const backend = await this.activateBackend(choice, remembered);
      const run = this.data ? await this.startRunAnywhere(this.data, false) : null;
      return { backend: this.backend ?? backend, run };
    });
  }

  moveRun(
    to: BackendName,
    why: BackendMoveReason & { speeds?: BackendSpeed[] },
  ): Promise<{ backend: BackendSelection; run: RunStart | null }> {
    return this.exclusive(() => this.moveRunNow(to, why, false));
  }

  configure(config: LabConfig): Promise<RunStart> {
    return this.exclusive(async () => {
      const live = configureLive(this.trainer, this.guard, this.data?.config ?? null, config);
      if (live.applied && this.data) {
        this.data = { ...this.data, config };
        const snapshot = await this.requireLoop().publish();
        return { data: this.data.summary, regenerated: false, snapshot, change: live.change };
      }
      const sameData = this.data !== null && sameJson(this.data.config.data, config.data);
      let data: LoadedData;
      if (this.data && sameData) {
        data = { ...this.data, config };
      } else {
        // Generate before touching the current run, so a failure leaves it intact.
        const dataset = generateDataset(config.data);
        data = { config, dataset, summary: summarizeDataset(dataset) };
      }
      assertInputsExist(config, data.dataset);
      await this.disposeRun();
      this.data = data;
      const start = await this.startRunAnywhere(data, !sameData);
      return live.change ? { ...start, change: live.change } : start;
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
      try {
        return await loop.runSteps(steps);
      } catch (error) {
        const message = errorMessage(error);
        if (!isUnsupportedOnBackend(message)) throw error;
        await this.moveAwayFromUnsupported(message, false);
        return this.requireLoop().runSteps(steps);
      }
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

  /** The network view's numbers (core/network/view.ts), or null before the first run. */
  networkView(plane: PlaneSpec, grid: number, pull = false): Promise<NetworkViewData | null> {
    return this.exclusive(async () => {
      if (!this.trainer) return null;
      const data = this.requireData();
      const problem = planeProblem(plane, data.dataset);
      return this.trainer.networkView(problem ? defaultPlane(data.dataset) : plane, grid, pull);
    });
  }

  /** Set one drawn weight; the run goes on from it (networkEdit.ts). Throws, changing nothing. */
  editNetworkWeight(request: WeightEditRequest): Promise<RunChange> {
    return this.exclusive(() =>
      editNetworkWeight(this.requireTrainer(), this.requireData().config, request),
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

  safetyAudit(): Promise<SafetyAuditResult> {
    return this.exclusive(async () => {
      await this.loop?.stop();
      const { config, dataset } = this.requireData();
      return computeSafetyAudit(config, dataset, this.requireTrainer());
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

  setGroupingProbes(options: ProbeOptions): Promise<RunStart> {
    return this.exclusive(async () => {
      const every = Math.floor(options.affinityEvery);
      this.probes = { affinityEvery: every > 0 ? every : 0, dataMap: options.dataMap === true };
      const data = this.requireData();
      await this.disposeRun();
      return this.startRun(data, false);
    });
  }

  groupingState(request: GroupingRequest): Promise<GroupingState | null> {
    return this.exclusive(async () => (this.trainer ? groupingState(this.trainer, request) : null));
  }

  trainGrouping(
    method: GroupingMethod,
    request: GroupingRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ComparisonRow[]> {
    return this.exclusive(async () => {
      await this.loop?.stop();
      const { config, dataset } = this.requireData();
      const trainer = this.requireTrainer();
      return trainSuggestedGrouping({ config, dataset, trainer, method, request, onProgress });
    });
  }

  async sweep(def: SweepDefinition, done: string[], listener: SweepListener): Promise<void> {
    // Not queued for its whole length (other calls stay answered); the run pauses first.
    await this.exclusive(async () => {
      await this.loop?.stop();
      await this.runs.pause();
    });
    this.sweepCancelled = false;
    await runSweepJob(def, done, listener, () => this.sweepCancelled);
  }

  async cancelSweep(): Promise<void> {
    this.sweepCancelled = true;
  }

  memory(): Promise<WorkerMemory> {
    return this.exclusive(async () => {
      const { engineMemory } = await import('../core/engines/tfjs/diagnostics');
      return engineMemory();
    });
  }

  loseDevice(): Promise<boolean> {
    return destroyCurrentDevice();
  }

  dropKernel(kernelName: string): Promise<boolean> {
    return this.exclusive(async () => {
      const { dropActiveKernel } = await import('../core/engines/tfjs/diagnostics');
      return dropActiveKernel(kernelName);
    });
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
    assertInputsExist(config, dataset);
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
    remembered: BackendName | null,
  ): Promise<BackendSelection> {
    this.backend = await activateChoice(choice, remembered);
    await this.watchBackend();
    return this.backend;
  }

  private async watchBackend(): Promise<void> {
    await watchWebGpuErrors((message) => this.emit({ kind: 'gpu-error', message }));
    await watchDeviceLoss((from, reason) => this.recovery.onLost(from, reason));
  }

  /**
   * Carry the run to `to` (backendSwitch.ts): its whole state moves with it, and it keeps its run
   * id and step. If `to` does not start, the run goes back where it was and this throws.
   */
  private async moveRunNow(
    to: BackendName,
    why: BackendMoveReason & { speeds?: BackendSpeed[] },
    resume: boolean,
  ): Promise<{ backend: BackendSelection; run: RunStart | null }> {
    const from = this.backend;
    if (from?.name === to) return { backend: from, run: null };
    const wasRunning = resume || (this.loop?.isRunning ?? false);
    await this.loop?.stop();
    const state = this.trainer ? await this.trainer.exportState() : null;
    await this.disposeRun();
    await this.runs.stop();
    let backend: BackendSelection;
    try {
      backend = await activateExactly(to);
    } catch (error) {
      if (from) await activateExactly(from.name).catch(() => undefined);
      if (this.data) await this.startRun(this.data, false, { state });
      if (wasRunning) this.loop?.start();
      throw error;
    }
    await this.watchBackend();
    this.backend = {
      ...backend,
      requested: from?.requested ?? 'auto',
      origin: from?.origin,
      speeds: why.speeds ?? from?.speeds,
      skipped: from?.skipped ?? [],
      moved: { from: from?.name ?? to, speedup: why.speedup, reason: why.reason },
    };
    const run = this.data ? await this.startRun(this.data, false, { state }) : null;
    if (wasRunning) this.loop?.start();
    return { backend: this.backend, run };
  }

  /** A kernel the backend lacks: move the run to the first backend that can take it. */
  private async moveAwayFromUnsupported(message: string, resume: boolean): Promise<void> {
    const from = this.backend?.name;
    if (!from) throw new Error(message);
    const reason = `${BACKENDS[from]} cannot run this configuration (${message})`;
    for (const to of alternativesTo(from)) {
      try {
        const { backend } = await this.moveRunNow(to, { reason }, resume);
        this.emit({ kind: 'backend', backend });
        return;
      } catch {
        // try the next one
      }
    }
    throw new Error(`${reason}, and no other backend could take it over`);
  }

  /** startRun, moving to another backend when this one lacks something the configuration needs. */
  private async startRunAnywhere(data: LoadedData, regenerated: boolean): Promise<RunStart> {
    try {
      return await this.startRun(data, regenerated);
    } catch (error) {
      const message = errorMessage(error);
      if (!isUnsupportedOnBackend(message)) throw error;
      await this.moveAwayFromUnsupported(message, false);
      const snapshot = await this.requireLoop().publish();
      return { data: data.summary, regenerated, snapshot };
    }
  }

  /** The loop's events: a chunk that failed for want of a kernel moves the run instead. */
  private readonly loopEmit: WorkerEventListener = (event) => {
    if (event.kind === 'error' && isUnsupportedOnBackend(event.message)) {
      void this.exclusive(() => this.moveAwayFromUnsupported(event.message, true)).catch(
        (error: unknown) =>
          this.emit({
            kind: 'error',
            message: errorMessage(error),
          }),
      );
      return;
    }
    this.recovery.loopEmit(event);
  };

  /** `resume`: keep the run id (the page keeps its history) and continue from a checkpoint. */
  private async startRun(
    data: LoadedData,
    regenerated: boolean,
    resume?: { checkpoint?: TrainerCheckpoint | null; state?: TrainerState | null },
  ): Promise<RunStart> {
    this.trainer = await createTrainer({
      config: data.config,
      dataset: data.dataset,
      // Loss methods (EW, UW, ...) compute no task gradients; probe them so the microscope shows conflicts.
      options: { conflictEvery: CONFLICT_EVERY, ...this.probes },
    });
    // The engine's note (fallback reason, threads) on the selection in force, kept for what follows.
    const note = this.backend && engineNoteEvent(this.backend, data.config, this.trainer.threads);
    if (note?.kind === 'backend') this.backend = note.backend;
    if (note) this.emit(note);
    if (!resume) this.runId += 1;
    this.loop = new TrainingLoop(this.trainer, this.runId, this.loopEmit);
    this.guard = new RunGuard(this.trainer, data.config, this.runId, this.emit);
    this.loop.guard = this.guard;
    if (resume?.checkpoint) {
      await this.trainer.restore(resume.checkpoint);
      this.guard.adopt(resume.checkpoint);
    }
    if (resume?.state) {
      await this.trainer.restoreState(resume.state);
      this.guard.adopt({ step: resume.state.step, weights: resume.state.weights });
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

/**
 * Refuse switched-off inputs or feature-group columns the data lacks (or groups the architecture
 * does not read) before the current run is let go, so it survives.
 */
function assertInputsExist(config: LabConfig, dataset: Dataset): void {
  const errors = [
    ...inputsOffErrors(config.model.inputsOff, dataset.features),
    ...featureGroupErrors(
      config.model,
      dataset.features,
      getArchitecture(config.model.architecture),
    ),
  ];
  if (errors.length) throw new ConfigError(errors);
}
