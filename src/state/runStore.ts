/**
 * What the training worker reports: backend, the latest snapshot, the bounded loss history for
 * the chart and the data summary. Snapshots arrive at most ~20 times a second; views subscribe to
 * the slices they draw, so a snapshot re-renders only the readouts and the chart.
 */
import { create } from 'zustand';
import type { BackendSelection } from '../core/engines/tfjs/backend';
import type { DataSummary, RunChange, RunSnapshot, RunStart } from '../worker/protocol';
import { appendToHistory, emptyHistory, type LossHistory } from './lossHistory';
import { trackNeglect, type NeglectSince } from './taskNeglect';

export type LabPhase = 'starting' | 'ready' | 'failed';

export interface RunState {
  phase: LabPhase;
  /** Why the lab cannot train (no backend, worker crashed, engine error). */
  failure: string | null;
  backend: BackendSelection | null;
  /** A backend switch or reconfiguration is in flight. */
  busy: boolean;
  runId: number;
  latest: RunSnapshot | null;
  history: LossHistory;
  running: boolean;
  data: DataSummary | null;
  /** Bumped whenever new data was generated, so views can say "new data". */
  dataVersion: number;
  /** Distinct errors the GPU reported (first few only). */
  gpuErrors: string[];
  /** What the automatic backend choice is doing now (starting, measuring); null when idle. */
  backendProgress: string | null;
  /** Per task, since which step the method has kept its weight near zero (taskNeglect.ts). */
  neglect: NeglectSince;
  /** Live settings the current run took over (learning rate, method options), for the chart. */
  changes: RunChange[];
  /** What the last configure did: took over live settings, or started a new run (and why). */
  lastChange: RunChange | null;
}

const MAX_GPU_ERRORS = 5;

export const useRunStore = create<RunState>()(() => ({
  phase: 'starting',
  failure: null,
  backend: null,
  busy: false,
  runId: 0,
  latest: null,
  history: emptyHistory(),
  running: false,
  data: null,
  dataVersion: 0,
  gpuErrors: [],
  backendProgress: null,
  neglect: [],
  changes: [],
  lastChange: null,
}));

function historyPoint(snapshot: RunSnapshot) {
  return {
    step: snapshot.step,
    trainLoss: snapshot.trainLoss,
    testLoss: snapshot.testLoss,
    testStep: snapshot.testStep,
  };
}

/** Take a snapshot from the worker; snapshots of an older run are dropped. */
export function receiveSnapshot(snapshot: RunSnapshot): void {
  const state = useRunStore.getState();
  if (snapshot.runId < state.runId) return;
  const fresh = snapshot.runId > state.runId;
  const history = fresh ? emptyHistory() : state.history;
  useRunStore.setState({
    neglect: trackNeglect(fresh ? [] : state.neglect, snapshot.step, snapshot.methodWeights),
    changes: fresh ? [] : state.changes,
    runId: snapshot.runId,
    latest: snapshot,
    running: snapshot.running,
    history: appendToHistory(history, historyPoint(snapshot)),
  });
}

export function startRun(start: RunStart): void {
  const state = useRunStore.getState();
  useRunStore.setState({
    phase: 'ready',
    failure: null,
    data: start.data,
    dataVersion: state.dataVersion + (start.regenerated ? 1 : 0),
  });
  receiveSnapshot(start.snapshot);
  if (start.change) {
    const { changes } = useRunStore.getState();
    const live = start.change.kind === 'live';
    useRunStore.setState({
      lastChange: start.change,
      changes: live ? [...changes, start.change] : changes,
    });
  }
}

/** Mark a change the running network took over (a weight typed into the network view). */
export function noteRunChange(change: RunChange): void {
  const { changes } = useRunStore.getState();
  useRunStore.setState({ lastChange: change, changes: [...changes, change] });
}

/** The run started again after a failure (Reset or another backend). */
export function markReady(): void {
  useRunStore.setState({ phase: 'ready', failure: null });
}

export function setRunning(running: boolean): void {
  useRunStore.setState({ running });
}

export function setBackend(backend: BackendSelection): void {
  useRunStore.setState({ backend });
}

export function setBackendProgress(backendProgress: string | null): void {
  useRunStore.setState({ backendProgress });
}

export function setBusy(busy: boolean): void {
  useRunStore.setState({ busy });
}

export function failLab(message: string): void {
  useRunStore.setState({ phase: 'failed', failure: message, running: false, busy: false });
}

/** Record an asynchronous GPU error once; returns false when it was already known. */
export function reportGpuError(message: string): boolean {
  const { gpuErrors } = useRunStore.getState();
  if (gpuErrors.includes(message) || gpuErrors.length >= MAX_GPU_ERRORS) return false;
  useRunStore.setState({ gpuErrors: [...gpuErrors, message] });
  return true;
}
