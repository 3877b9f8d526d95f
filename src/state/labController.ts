/**
 * The actions of the lab. The one flow of data: UI or script -> an action here -> worker API ->
 * snapshots -> runStore -> views. UI edits are debounced; script calls apply at once and resolve
 * when the worker has done the work.
 */
import type { Remote } from 'comlink';
import type { BackendChoice } from '../core/backend';
import type { LabConfig } from '../core/config/schema';
import { ConfigError } from '../core/config/validate';
import type { LabWorkerApi, RunSnapshot, WorkerEvent } from '../worker/protocol';
import type { ConfigPatch } from './configPatch';
import { editConfig, restoreConfig, useConfigStore } from './configStore';
import { isReliabilityEvent, receiveReliabilityEvent } from './reliabilityStore';
import {
  failLab,
  receiveSnapshot,
  reportGpuError,
  setBackend,
  setBusy,
  setRunning,
  startRun,
} from './runStore';

export const EDIT_DEBOUNCE_MS = 250;

export interface LabController {
  start(choice: BackendChoice): Promise<void>;
  /** From a control: validate into the draft; a valid edit restarts the run after a pause in typing. */
  edit(patch: ConfigPatch): void;
  /** From a script: validate against the running config; rejects with the messages the UI shows. */
  setConfig(patch: ConfigPatch): Promise<LabConfig>;
  setBackend(choice: BackendChoice): Promise<void>;
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
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createLabController({ api, listener }: WorkerConnection): LabController {
  /** The config the worker last accepted. */
  let applied: LabConfig = useConfigStore.getState().config;
  let pendingEdit: ReturnType<typeof setTimeout> | null = null;
  let commitChain: Promise<void> = Promise.resolve();

  const onEvent = (event: WorkerEvent): void => {
    if (event.kind === 'snapshot') receiveSnapshot(event.snapshot);
    else if (event.kind === 'error') failLab(event.message);
    else if (event.kind === 'backend') setBackend(event.backend);
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
        restoreConfig(applied, [messageOf(error)]);
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

  return {
    async start(choice) {
      try {
        setBackend(await api.init(choice, listener(onEvent), useConfigStore.getState().config));
        await commit(useConfigStore.getState().config);
      } catch (error) {
        failLab(messageOf(error));
      }
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
        const { backend, run } = await api.setBackend(choice);
        setBackend(backend);
        if (run) startRun(run);
      } finally {
        setBusy(false);
      }
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
    },

    flush,
  };
}
