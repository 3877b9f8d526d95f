/**
 * The one typed API between the page and the training worker (exposed with comlink). Everything
 * that crosses it is structured-cloneable: configs, small number arrays, snapshots. It is a leaf:
 * it and the type files under protocol/ import only src/core types; the worker files that
 * implement it import it, never the reverse (.dependency-cruiser.cjs checks this).
 */
import type {
  BackendChoice,
  BackendMoveReason,
  BackendName,
  BackendSelection,
  BackendSpeed,
} from '../core/engines/tfjs/backend';
import type { LabConfig } from '../core/config/schema';
import type { CsvMapping, ParseProgress } from '../core/data/csv';
import type { TaskInfo } from '../core/data/types';
import type { PlaneSpec } from '../core/network/plane';
import type { NetworkViewData } from '../core/network/view';
import type { WeightEditRequest } from '../core/network/weightEdit';
import type { ProbeOptions } from '../core/grouping/probes';
import type { ComparisonRow } from '../core/grouping/groupTraining';
import type { GroupingMethod } from '../core/grouping/suggest';
import type { ImportInput } from '../core/io';
import type { SweepDefinition } from '../core/sweep/grid';
import type { TrainerCheckpoint } from '../core/train/api';
import type { Snapshot, TaskMetrics } from '../core/train/types';
import type { CsvPreview, DatasetExport, DatasetView, ScatterSample } from './protocol/data';
import type { GroupingRequest, GroupingState, SweepListener } from './protocol/grouping';
import type { ReliabilityNotice, SavedCheckpoint } from './protocol/notices';
import type {
  CompareRequest,
  CompareResults,
  CompareState,
  DeltaMResult,
  SafetyAuditResult,
  ExportedModel,
  ImportOutcome,
  RunsListener,
  WeightFormat,
} from './protocol/runs';

/** A few numbers that tell two datasets apart (shown in the UI, checked by e2e). */
export interface DataSummary {
  features: number;
  tasks: TaskInfo[];
  trainRows: number;
  testRows: number;
  /** Per-task mean and standard deviation of the training labels. */
  labelMean: number[];
  labelStd: number[];
  /** Task-weight similarity the generator realised (null for imported tables). */
  similarity: number[][] | null;
}

/** An engine snapshot plus what the worker loop knows: which run, running or not, speed. */
export interface RunSnapshot extends Snapshot {
  /** Increases on every reset or reconfiguration; the page drops snapshots of older runs. */
  runId: number;
  running: boolean;
  /** Measured over the most recent stretch of training; kept while paused. */
  stepsPerSecond: number;
}

export interface RunStart {
  data: DataSummary;
  /** True when the dataset was generated anew (data settings changed). */
  regenerated: boolean;
  snapshot: RunSnapshot;
  /** What a configure did to the run: took over live settings, or started a new one (and why). */
  change?: RunChange;
}

/** One line for the run's history (config/liveSettings.ts). */
export interface RunChange {
  /** 'live': the running network took it over from `step` on; 'new-run': a new network. */
  kind: 'live' | 'new-run';
  step: number;
  text: string;
}

/** What the worker pushes to the page between calls. */
export type WorkerEvent =
  | { kind: 'snapshot'; snapshot: RunSnapshot }
  /** Training stopped because of an error (engine failure). */
  | { kind: 'error'; message: string }
  /** The GPU reported an error asynchronously (invalid kernel, device lost): numbers may be wrong. */
  | { kind: 'gpu-error'; message: string }
  /** The backend's note changed: an engine left this run's architecture to tfjs (engineNote.ts). */
  | { kind: 'backend'; backend: BackendSelection }
  /** A new last-good checkpoint of the current run (the page persists it). */
  | { kind: 'checkpoint'; checkpoint: SavedCheckpoint }
  /** The run moved to another backend by itself (its backend could not run the configuration). */
  | { kind: 'backend'; backend: BackendSelection }
  /** The run diverged and was rolled back, or the GPU was lost and training moved on. */
  | { kind: 'notice'; notice: ReliabilityNotice; backend?: BackendSelection };

/**
 * The data studio's part of the API (LabWorkerApi extends it, so there is still one comlink API):
 * dataset summaries for the views, CSV import, going back to generated data, and export. The file
 * itself travels as a Blob, which the worker reads in chunks.
 */
export interface DataStudioWorkerApi {
  /** Summaries of the loaded dataset (similarities, histograms, row counts). */
  datasetView(): Promise<DatasetView>;
  /** Labels of two tasks on the train split, subsampled to at most `maxPoints`. */
  scatterSample(taskA: number, taskB: number, maxPoints: number): Promise<ScatterSample>;
  /** Parse a CSV file in the worker; the loaded dataset is not touched. */
  parseCsv(
    file: Blob,
    fileName: string,
    onProgress: (progress: ParseProgress) => void,
  ): Promise<CsvPreview>;
  /**
   * Build a dataset from the parsed file and train on it (a new run). Rejects with the CsvError
   * message (naming row and column) and keeps the previous dataset and run when the file is bad.
   */
  importCsv(mapping: CsvMapping, config: LabConfig): Promise<RunStart>;
  /** Leave an imported table: generate data from `config.data` and start a new run. */
  useGeneratedData(config: LabConfig): Promise<RunStart>;
  /** The loaded dataset as CSV (MultiTab web layout) and its JSON sidecar. */
  exportDataset(): Promise<DatasetExport>;
  /** Per-task metrics of the current run on the test split (R², accuracy, AUC by task kind). */
  testMetrics(): Promise<TaskMetrics[]>;
}

/** tf.memory() of the worker: flat over long runs and many reconfigurations. */
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
  backend: string;
}

export type WorkerEventListener = (event: WorkerEvent) => void;

export interface LabWorkerApi extends DataStudioWorkerApi {
  /**
   * Choose the backend and remember where to send snapshots and errors. Call once, first. With
   * 'auto': the remembered backend if it starts, else the quickest to start (backendSwitch.ts).
   */
  init(
    choice: BackendChoice,
    onEvent: WorkerEventListener,
    remembered?: BackendName | null,
  ): Promise<BackendSelection>;
  /** Switch backend; the current run restarts on the new backend (same data, same seeds). */
  setBackend(
    choice: BackendChoice,
    remembered?: BackendName | null,
  ): Promise<{ backend: BackendSelection; run: RunStart | null }>;
  /**
   * Move the current run to `to` at a chunk boundary, keeping weights, optimizer and method state,
   * step and run id (so the loss history goes on); training goes on if it was training. When `to`
   * cannot start, the run stays where it was and this rejects with the reason.
   */
  moveRun(
    to: BackendName,
    why: BackendMoveReason & { speeds?: BackendSpeed[] },
  ): Promise<{ backend: BackendSelection; run: RunStart | null }>;
  /** Apply a validated config: regenerate data if its data part changed, then start a new run. */
  configure(config: LabConfig): Promise<RunStart>;
  /** Start the run again from step 0 with the same data and seeds. */
  reset(): Promise<RunSnapshot>;
  play(): Promise<void>;
  /** Stop after the current chunk; resolves with a fresh snapshot. */
  pause(): Promise<RunSnapshot | null>;
  /** Pause, then train exactly `steps` steps; resolves with a snapshot taken after them. */
  step(steps: number): Promise<RunSnapshot>;
  /** The current run's weights as a file (modelFiles.ts). */
  exportModel(format: WeightFormat): Promise<ExportedModel>;
  /** Load a weights file into the current run when it fits; a rejected file changes nothing. */
  importModel(input: ImportInput): Promise<ImportOutcome>;
  /** The current run's predictions, rows x tasks in label units. */
  predict(split: 'train' | 'test'): Promise<number[][]>;
  /**
   * The network view's numbers over a plane (an invalid plane falls back to x1, x2); null before a
   * run. `pull`: with every drawn weight's task pull and conflict.
   */
  networkView(plane: PlaneSpec, grid: number, pull?: boolean): Promise<NetworkViewData | null>;
  /**
   * Type a new value into one drawn link; training continues from it. Resolves with the change to
   * mark in the run's history; rejects with a readable message (bad value, stale drawing).
   */
  editNetworkWeight(request: WeightEditRequest): Promise<RunChange>;
  /** Compare runs (runsSession.ts); `listener` receives the batched snapshots of all runs. */
  compare(request: CompareRequest, listener?: RunsListener): Promise<CompareState | null>;
  /** Test metrics of every compared run. */
  compareResults(): Promise<CompareResults>;
  /**
   * Pause, train the single-task baseline on the same data, split, seeds and step count, and
   * compare the run's test metrics with it (Δm, deltaM.ts convention).
   */
  computeDeltaM(): Promise<DeltaMResult>;
  /**
   * Pause, train STL on three weight seeds (the run's first) with the same data, sizes and step
   * count, and flag each task that is worse than STL beyond seed noise (safetyAudit.ts).
   */
  safetyAudit(): Promise<SafetyAuditResult>;
  /**
   * Load a saved checkpoint (after a reload) into the current run when it fits it; resolves with
   * the snapshot at its step, or null (nothing changed) when it does not fit.
   */
  restoreCheckpoint(checkpoint: TrainerCheckpoint): Promise<RunSnapshot | null>;
  /** Turn TAG's affinity / STG-MTL's data maps on or off; the run restarts (same data and seeds). */
  setGroupingProbes(options: ProbeOptions): Promise<RunStart>;
  /** The current run's affinity, data maps and both suggested groupings (groupingJobs.ts). */
  groupingState(request: GroupingRequest): Promise<GroupingState | null>;
  /** Pause, then train the suggested grouping, all tasks together and single-task; Δm of each. */
  trainGrouping(
    method: GroupingMethod,
    request: GroupingRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ComparisonRow[]>;
  /** Pause the run and train the sweep's cells not in `done`, reporting each to `listener`. */
  sweep(def: SweepDefinition, done: string[], listener: SweepListener): Promise<void>;
  /** Stop the sweep after its current cell. */
  cancelSweep(): Promise<void>;
  memory(): Promise<WorkerMemory>;
  /** Test hook: destroy the WebGPU device as a driver crash would; false off WebGPU. */
  loseDevice(): Promise<boolean>;
  /** Test hook: unregister a kernel of the current backend, as a backend that lacks it would. */
  dropKernel(kernelName: string): Promise<boolean>;
}
