/**
 * `window.mtlLab`: the scripting API, present in production builds. End-to-end tests, lessons and
 * people at the console drive the lab through it; it calls the same actions as the controls.
 */
import {
  isBackendChoice,
  isBackendName,
  type AdapterSummary,
  type BackendName,
  type BackendSelection,
} from '../core/engines/tfjs/backend';
import type { LabConfig } from '../core/config/schema';
import type { ConfigPatch } from '../state/configPatch';
import { useConfigStore } from '../state/configStore';
import type { LabController } from '../state/labController';
import { useRunStore, type LabPhase } from '../state/runStore';
import type { DataSummary, RunChange } from '../worker/protocol';
import { microscopeScripting, type MicroscopeScriptingApi } from './microscope/microscopeScripting';
import { networkScripting, type NetworkScriptingApi } from './network/networkScripting';
import { shareScripting, type ShareScriptingApi } from './share/shareScripting';
import { groupingScripting, type GroupingScriptingApi } from './grouping/groupingScripting';
import {
  reliabilityScripting,
  type ReliabilityScriptingApi,
} from './reliability/reliabilityScripting';

export interface MtlLabState {
  phase: LabPhase;
  failure: string | null;
  backend: BackendName | null;
  adapter: AdapterSummary | null;
  step: number;
  running: boolean;
  tasks: number;
  trainLoss: number[];
  testLoss: number[];
  stepsPerSecond: number;
  /** Per task, the std of the output across the training inputs at step 0 (the initial function). */
  initialSpread: number[];
  /** Increases with every reset or reconfiguration. */
  runId: number;
  /** Increases whenever the data was generated anew. */
  dataVersion: number;
  data: DataSummary | null;
  /** Validation messages currently shown next to the controls. */
  errors: string[];
  /** Errors the GPU reported asynchronously (invalid kernels, device loss). */
  gpuErrors: string[];
  /** The learning rate the trainer used for its latest snapshot (live settings change it). */
  learningRate: number | null;
  /** Live settings this run took over, in order; and what the last configure did. */
  changes: RunChange[];
  lastChange: RunChange | null;
  /** Points in the loss chart's history of this run. */
  historyLength: number;
}

export interface MtlLabApi
  extends
    MicroscopeScriptingApi,
    ShareScriptingApi,
    ReliabilityScriptingApi,
    GroupingScriptingApi,
    NetworkScriptingApi {
  /** Resolves once the backend is chosen and the first run is ready (or the lab failed). */
  ready(): Promise<void>;
  getState(): Promise<MtlLabState>;
  getConfig(): Promise<LabConfig>;
  /** Deep-merge, validate and apply; rejects with the validation messages the UI shows. */
  setConfig(patch: ConfigPatch): Promise<LabConfig>;
  setBackend(name: string): Promise<BackendSelection>;
  /**
   * Move the current run to another backend at a chunk boundary, keeping its weights, optimizer
   * and method state, step and loss history (what the automatic choice does after measuring).
   */
  moveBackend(name: string): Promise<BackendSelection>;
  play(): Promise<void>;
  pause(): Promise<void>;
  /** Resolves when the steps are done and a fresh snapshot is in. */
  step(steps?: number): Promise<MtlLabState>;
  reset(): Promise<void>;
  /** The loaded dataset as CSV text (MultiTab web layout: x_*, task_*, split). */
  exportDataset(): Promise<string>;
}

declare global {
  interface Window {
    mtlLab?: MtlLabApi;
  }
}

export function readLabState(): MtlLabState {
  const run = useRunStore.getState();
  const latest = run.latest;
  return {
    phase: run.phase,
    failure: run.failure,
    backend: run.backend?.name ?? null,
    adapter: run.backend?.adapter ?? null,
    step: latest?.step ?? 0,
    running: run.running,
    tasks: run.data?.tasks.length ?? useConfigStore.getState().config.data.tasks,
    trainLoss: latest?.trainLoss ?? [],
    testLoss: latest?.testLoss ?? [],
    stepsPerSecond: latest?.stepsPerSecond ?? 0,
    initialSpread: latest?.initialSpread ?? [],
    runId: run.runId,
    dataVersion: run.dataVersion,
    data: run.data,
    errors: useConfigStore.getState().errors,
    gpuErrors: run.gpuErrors,
    learningRate: latest?.learningRate ?? null,
    changes: run.changes,
    lastChange: run.lastChange,
    historyLength: run.history.points.length,
  };
}

/** What the scripting API needs from the data studio (src/state/dataStudio.ts). */
export interface DatasetExporter {
  exportDataset(): Promise<{ csv: string }>;
}

export function createScriptingApi(
  controller: LabController,
  started: Promise<void>,
  data?: DatasetExporter,
): MtlLabApi {
  const whenReady = async (): Promise<void> => {
    await started;
    const { phase, failure } = useRunStore.getState();
    if (phase === 'failed')
      throw new Error(`MTL Lab failed to start: ${failure ?? 'unknown error'}`);
  };
  return {
    ready: whenReady,
    ...microscopeScripting(),
    ...networkScripting(),
    ...shareScripting(),
    ...reliabilityScripting(),
    ...groupingScripting(),
    async getState() {
      return readLabState();
    },
    async getConfig() {
      return structuredClone(useConfigStore.getState().config);
    },
    async setConfig(patch) {
      await whenReady();
      return structuredClone(await controller.setConfig(patch));
    },
    async setBackend(name) {
      if (!isBackendChoice(name)) {
        throw new Error(`unknown backend "${name}"; use webgpu, webgl, wasm, cpu or auto`);
      }
      await whenReady();
      await controller.setBackend(name);
      const backend = useRunStore.getState().backend;
      if (!backend) throw new Error('no backend is active');
      return backend;
    },
    async moveBackend(name) {
      if (!isBackendName(name)) {
        throw new Error(`unknown backend "${name}"; use webgpu, webgl, wasm or cpu`);
      }
      await whenReady();
      await controller.moveBackend(name);
      const backend = useRunStore.getState().backend;
      if (!backend) throw new Error('no backend is active');
      return backend;
    },
    async play() {
      await whenReady();
      await controller.play();
    },
    async pause() {
      await whenReady();
      await controller.pause();
    },
    async step(steps = 1) {
      await whenReady();
      await controller.step(steps);
      return readLabState();
    },
    async reset() {
      await whenReady();
      await controller.reset();
    },
    async exportDataset() {
      await whenReady();
      if (!data) throw new Error('dataset export is not available in this page');
      return (await data.exportDataset()).csv;
    },
  };
}

export function installScriptingApi(
  controller: LabController,
  started: Promise<void>,
  data?: DatasetExporter,
): void {
  window.mtlLab = createScriptingApi(controller, started, data);
}
