/**
 * Actions of the comparison: start the runs on the current config, play, pause, step, restart one
 * run from its initial weights, evaluate. Comparing pauses the main run, and playing the main run
 * pauses the comparison (one thing trains at a time).
 */
import type { RunSpec } from '../../core/io';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import type { CompareRequest } from '../../worker/protocol/runs';
import { getConnection } from '../share/connection';
import {
  clearCompare,
  receiveCompareState,
  receiveResults,
  receiveRuns,
  setCompareSpecs,
  setCompareStatus,
  useCompareStore,
} from './compareStore';
import { errorMessage } from '../../core/errorMessage';

async function send(request: CompareRequest): Promise<void> {
  const { api, proxy } = getConnection();
  try {
    receiveCompareState(await api.compare(request, proxy(receiveRuns)));
  } catch (error) {
    setCompareStatus(
      useCompareStore.getState().status === 'ready' ? 'ready' : 'idle',
      errorMessage(error),
    );
    throw error;
  }
}

async function pauseMain(): Promise<void> {
  if (useRunStore.getState().running) await getConnection().controller.pause();
}

/** The config the current runs were built on (JSON), to tell real changes from new objects. */
let startedBase: string | null = null;

export const compareActions = {
  /** Build the runs anew from the current config and the run list. */
  async start(specs: RunSpec[] = useCompareStore.getState().specs): Promise<void> {
    const { controller, started } = getConnection();
    await started;
    await controller.flush();
    setCompareSpecs(specs);
    if (specs.length === 0) return compareActions.stop();
    setCompareStatus('starting');
    const base = useConfigStore.getState().config;
    startedBase = JSON.stringify(base);
    await send({ kind: 'start', base, runs: specs });
  },
  async play(): Promise<void> {
    await pauseMain();
    await send({ kind: 'play' });
    useCompareStore.setState({ running: true });
  },
  async pause(): Promise<void> {
    await send({ kind: 'pause' });
  },
  async step(steps: number): Promise<void> {
    await pauseMain();
    await send({ kind: 'step', steps });
  },
  async reset(): Promise<void> {
    await send({ kind: 'reset' });
  },
  async restart(index: number): Promise<void> {
    await send({ kind: 'restart', index });
  },
  async evaluate(): Promise<void> {
    const { api } = getConnection();
    receiveResults(await api.compareResults());
  },
  async stop(): Promise<void> {
    const { api } = getConnection();
    await api.compare({ kind: 'stop' });
    clearCompare();
  },
};

/** Rebuild the runs when the experiment or backend changes while a comparison is open. */
export function followExperiment(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let backendChanged = false;
  const restart = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (useCompareStore.getState().status === 'idle') return;
      const config = JSON.stringify(useConfigStore.getState().config);
      if (config === startedBase && !backendChanged) return;
      backendChanged = false;
      compareActions.start().catch(() => undefined);
    }, 400);
  };
  const stops = [
    useConfigStore.subscribe((s, p) => s.config !== p.config && restart()),
    // The selection object is replaced when speeds are measured; only a new backend matters.
    useRunStore.subscribe((s, p) => {
      if (p.backend === null || s.backend?.name === p.backend.name) return;
      backendChanged = true;
      restart();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
