/**
 * The scripting API's reliability calls (mixed into `window.mtlLab`): the worker's tf.memory(),
 * the notices shown, what is saved, and test hooks (`debug`) that break things on purpose.
 */
import type { ReliabilityNotice } from '../../worker/protocol/notices';
import type { WorkerMemory } from '../../worker/protocol';
import { useReliabilityStore } from '../../state/reliabilityStore';
import { useRunStore } from '../../state/runStore';
import { getConnection } from '../share/connection';
import { clearSavedExperiment, usePersistenceStore } from './persistenceSetup';

export interface ReliabilityScriptingApi {
  /** tf.memory() of the training worker: {numTensors, numBytes, backend}. */
  getMemory(): Promise<WorkerMemory>;
  /** Divergence, lost-device and worker-error notices currently shown (newest last). */
  getNotices(): Promise<ReliabilityNotice[]>;
  /** When the experiment was last saved to IndexedDB, and the step of the saved weights. */
  getSaved(): Promise<{ savedAt: number | null; savedStep: number | null }>;
  clearSaved(): Promise<void>;
  debug: {
    /** Destroys the worker's WebGPU device (as a GPU reset would); false when not on WebGPU. */
    loseDevice(): Promise<boolean>;
    /** Unregisters a kernel of the worker's backend, as a backend lacking it would; false if absent. */
    dropKernel(kernelName: string): Promise<boolean>;
    /** Steps of the loss-history points the chart holds. */
    historySteps(): Promise<number[]>;
    /** The newest checkpoint step the worker reported, or null. */
    checkpointStep(): Promise<number | null>;
  };
}

export function reliabilityScripting(): ReliabilityScriptingApi {
  const api = async () => {
    const { api: worker, started } = getConnection();
    await started;
    return worker;
  };
  return {
    getMemory: async () => (await api()).memory(),
    getNotices: async () => structuredClone(useReliabilityStore.getState().notices),
    getSaved: async () => {
      const { savedAt, savedStep } = usePersistenceStore.getState();
      return { savedAt, savedStep };
    },
    clearSaved: clearSavedExperiment,
    debug: {
      loseDevice: async () => (await api()).loseDevice(),
      dropKernel: async (kernelName) => (await api()).dropKernel(kernelName),
      historySteps: async () => useRunStore.getState().history.points.map((p) => p.step),
      checkpointStep: async () => useReliabilityStore.getState().checkpoint?.step ?? null,
    },
  };
}
