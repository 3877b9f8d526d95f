/**
 * The actions of the lab. The one flow of data: UI or script -> an action here -> worker API ->
 * snapshots -> runStore -> views. UI edits are debounced; script calls apply at once and resolve
 * when the worker has done the work.
 */
import type { Remote } from 'comlink';
import {
  BACKENDS,
  type BackendChoice,
  type BackendName,
  type BackendSelection,
} from '../core/engines/tfjs/backend';
import type { RememberedChoice } from '../core/backendSpeed';
import type { LabConfig } from '../core/config/schema';
import { ConfigError } from '../core/config/validate';
import type { LabWorkerApi, RunSnapshot, WorkerEvent } from '../worker/protocol';
import type { ConfigPatch } from './configPatch';
import { editConfig, restoreConfig, useConfigStore } from './configStore';
import { isReliabilityEvent, receiveReliabilityEvent } from './reliabilityStore';
import { measureAndMove, recallForConfig, type MeasureWorkerHandle } from './autoBackend';
import { forgetChoice } from './backendMemory';
import {
  failLab,
  markReady,
  receiveSnapshot,
  reportGpuError,
  setBackend,
  setBackendProgress,
  setBusy,
  setRunning,
  startRun,
  useRunStore,
} from './runStore';
import { errorMessage } from '../core/errorMessage';

export const EDIT_DEBOUNCE_MS = 250;
/** Wait after the run is ready before measuring the other backends. */
export const MEASURE_DELAY_MS = 1000;

export interface LabController {
  start(choice: BackendChoice): Promise<void>;
  /** From a control: validate into the draft; a valid edit restarts the run after a pause in typing. */
  edit(patch: ConfigPatch): void;
  /** From a script: validate against the running config; rejects with the messages the UI shows. */
  setConfig(patch: ConfigPatch): Promise<LabConfig>;
  setBackend(choice: BackendChoice): Promise<void>;
  /** Move the current run to `name` keeping weights, optimizer and method state, and history. */
  moveBackend(name: BackendName): Promise<void>;
  /** Forget the remembered choice for this adapter and shape and measure the backends again. */
  remeasure(): Promise<void>;
  play(): Promise<void>;
  pause(): Promise<void>;
  step(steps: number): Promise<RunSnapshot>;
  reset(): Promise<void>;
  /** Apply a debounced edit now (before play/step, so they act on what the controls show). */
  flush(): Promise<void>;
}

export interface WorkerConnection {
  api: Remote<LabWorkerApi>;
  listener(callback: (event: WorkerEvent) => void): (event: WorkerEvent) => void;
  /** Starts the background measurement worker ('auto' only; absent: no measuring). */
  startMeasureWorker?: () => MeasureWorkerHandle;
}

/**
 * The worker's note on the selection in force (an engine's threads or fallback reason) keeps the
 * figures the page added to it (the speeds remembered from an earlier visit or just measured).
 */
function keepSpeeds(backend: BackendSelection): BackendSelection {
  const current = useRunStore.getState().backend;
  return !backend.speeds && current?.name === backend.name && current.speeds
    ? { ...backend, speeds: current.speeds, origin: current.origin }
    : backend;
}

export function createLabController({
  api,
  listener,
  startMeasureWorker,
}: WorkerConnection): LabController {
  /** The config the worker last accepted. */
  let applied: LabConfig = useConfigStore.getState().config;
  let pendingEdit: ReturnType<typeof setTimeout> | null = null;
  let commitChain: Promise<void> = Promise.resolve();

  const onEvent = (event: WorkerEvent): void => {
    if (event.kind === 'snapshot') receiveSnapshot(event.snapshot);
    else if (event.kind === 'error') failLab(event.message);
    else if (event.kind === 'backend') setBackend(keepSpeeds(event.backend));
    else if (isReliabilityEvent(event)) receiveReliabilityEvent(event);
    // Logged as an error on purpose: results computed after it may be silently wrong.
    else if (reportGpuError(event.message)) console.error(`MTL Lab: ${event.message}`);
  };

  /** Send a config to the worker; later commits wait for earlier ones. */
  function commit(config: LabConfig): Promise<void> {
    const run = async (): Promise<void> => {
      setBusy(true);
      try {
        startRun(await api.configure(config));
        applied = config;
      } catch (error) {
        restoreConfig(applied, [errorMessage(error)]);
        throw error;
      } finally {
        setBusy(false);
      }
    };
    const result = commitChain.then(run);
    commitChain = result.catch(() => undefined);
    return result;
  }

  function cancelPendingEdit(): boolean {
    if (pendingEdit === null) return false;
    clearTimeout(pendingEdit);
    pendingEdit = null;
    return true;
  }

  async function flush(): Promise<void> {
    if (cancelPendingEdit()) await commit(useConfigStore.getState().config);
    await commitChain;
  }

  /** The speed key of the current automatic choice (for remembering and re-measuring). */
  let autoKey: string | null = null;

  /** 'auto': the remembered backend for this adapter and shape, or null (start quick, measure). */
  async function rememberedFor(choice: BackendChoice): Promise<RememberedChoice | null> {
    if (choice !== 'auto') return null;
    setBackendProgress('Looking up the backend measured on an earlier visit…');
    const { key, remembered } = await recallForConfig(useConfigStore.getState().config);
    autoKey = key;
    setBackendProgress(
      remembered
        ? `Starting ${BACKENDS[remembered.best]} (measured fastest on an earlier visit)…`
        : `Starting ${BACKENDS.wasm}, which starts quickest; the others are measured next…`,
    );
    return remembered;
  }

  /** The worker's selection, with the remembered figures when it started the remembered one. */
  function withRemembered(
    backend: BackendSelection,
    remembered: RememberedChoice | null,
  ): BackendSelection {
    return backend.origin === 'remembered' && remembered
      ? { ...backend, speeds: remembered.speeds }
      : backend;
  }

  /** After a quick start: measure the others in the background and move when one is faster. */
  function measureInBackground(): void {
    const backend = useRunStore.getState().backend;
    if (backend?.origin !== 'quick-start' || !autoKey || !startMeasureWorker) return;
    const key = autoKey;
    const start = startMeasureWorker;
    // A moment's grace: the first clicks should not compete with a worker loading tfjs.
    setTimeout(() => {
      void measureAndMove(api, start, useConfigStore.getState().config, key);
    }, MEASURE_DELAY_MS);
  }

  return {
    async start(choice) {
      try {
        const remembered = await rememberedFor(choice);
        const backend = await api.init(choice, listener(onEvent), remembered?.best ?? null);
        setBackend(withRemembered(backend, remembered));
        setBackendProgress('Generating data and building the model…');
        await commit(useConfigStore.getState().config);
        setBackendProgress(null);
        measureInBackground();
      } catch (error) {
        setBackendProgress(null);
        failLab(errorMessage(error));
      }
    },

    async moveBackend(name) {
      await flush();
      setBusy(true);
      try {
        const { backend, run } = await api.moveRun(name, {});
        setBackend(backend);
        if (run) startRun(run);
      } finally {
        setBusy(false);
      }
    },

    async remeasure() {
      if (autoKey) forgetChoice(autoKey);
      await this.setBackend('auto');
    },

    edit(patch) {
      const outcome = editConfig(patch, 'draft');
      if (!outcome.ok) {
        // An invalid value must not restart the run with an older valid edit behind it.
        cancelPendingEdit();
        return;
      }
      cancelPendingEdit();
      pendingEdit = setTimeout(() => {
        pendingEdit = null;
        const config = useConfigStore.getState().config;
        // Typing a value and then the old one back is no change: keep the run going.
        if (JSON.stringify(config) === JSON.stringify(applied)) return;
        commit(config).catch(() => undefined);
      }, EDIT_DEBOUNCE_MS);
    },

    async setConfig(patch) {
      cancelPendingEdit();
      const outcome = editConfig(patch, 'config');
      if (!outcome.ok) throw new ConfigError(outcome.errors);
      await commit(outcome.config);
      return outcome.config;
    },

    async setBackend(choice) {
      await flush();
      setBusy(true);
      try {
        const remembered = await rememberedFor(choice);
        const { backend, run } = await api.setBackend(choice, remembered?.best ?? null);
        setBackend(withRemembered(backend, remembered));
        if (run) startRun(run);
      } finally {
        setBackendProgress(null);
        setBusy(false);
      }
      measureInBackground();
    },

    async play() {
      await flush();
      await api.play();
      setRunning(true);
    },

    async pause() {
      const snapshot = await api.pause();
      if (snapshot) receiveSnapshot(snapshot);
      else setRunning(false);
    },

    async step(steps) {
      await flush();
      const snapshot = await api.step(steps);
      receiveSnapshot(snapshot);
      return snapshot;
    },

    async reset() {
      await flush();
      receiveSnapshot(await api.reset());
      markReady();
    },

    flush,
  };
}
