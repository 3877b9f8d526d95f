/**
 * Compared runs on the page: the runs asked for (part of the link), and what the worker reports
 * about them: one batched snapshot for all runs, a bounded loss history per run, test metrics.
 */
import { create } from 'zustand';
import type { LabConfig } from '../../core/config/schema';
import type { TaskInfo } from '../../core/data/types';
import type { RunSpec } from '../../core/io';
import { appendToHistory, emptyHistory, type LossHistory } from '../../state/lossHistory';
import type { CompareResults, CompareState, RunsSnapshot } from '../../worker/protocol/runs';
import type { ResultsRow } from '../share/exportTables';

export type CompareStatus = 'idle' | 'starting' | 'ready';

export interface CompareStoreState {
  /** The runs to compare, as in the link (r0=..., r1.m=...). */
  specs: RunSpec[];
  status: CompareStatus;
  error: string | null;
  groupId: number;
  configs: LabConfig[];
  tasks: TaskInfo[];
  latest: RunsSnapshot | null;
  histories: LossHistory[];
  running: boolean;
  results: CompareResults | null;
  /** Rows added by other jobs (trained groupings, sweeps) to the same results table. */
  addedRows: ResultsRow[];
  /** Tasks of the added rows (they may come before any compare run). */
  addedTasks: TaskInfo[];
}

export const useCompareStore = create<CompareStoreState>()(() => ({
  specs: [],
  status: 'idle',
  error: null,
  groupId: 0,
  configs: [],
  tasks: [],
  latest: null,
  histories: [],
  running: false,
  results: null,
  addedRows: [],
  addedTasks: [],
}));

/** Append rows from a grouping or sweep job; rows of other tasks replace the earlier ones. */
export function addResultRows(rows: ResultsRow[], tasks: TaskInfo[]): void {
  const state = useCompareStore.getState();
  const same = JSON.stringify(state.addedTasks) === JSON.stringify(tasks);
  const kept = same ? state.addedRows.filter((r) => !rows.some((n) => n.label === r.label)) : [];
  useCompareStore.setState({ addedRows: [...kept, ...rows], addedTasks: tasks });
}

export function setCompareSpecs(specs: RunSpec[]): void {
  useCompareStore.setState({ specs: specs.map((s) => structuredClone(s)) });
}

export function setCompareStatus(status: CompareStatus, error: string | null = null): void {
  useCompareStore.setState({ status, error });
}

/** Take a batched snapshot of all runs; snapshots of an older group are dropped. */
export function receiveRuns(snapshot: RunsSnapshot): void {
  const state = useCompareStore.getState();
  if (snapshot.groupId < state.groupId) return;
  const fresh = snapshot.groupId > state.groupId;
  const histories = snapshot.runs.map((run, i) => {
    // A restarted run goes back to step 0: its history starts again.
    const old = fresh ? undefined : state.histories[i];
    const last = old?.points[old.points.length - 1];
    const base = old && !(last && run.step < last.step) ? old : emptyHistory();
    return appendToHistory(base, {
      step: run.step,
      trainLoss: run.trainLoss,
      testLoss: run.testLoss,
      testStep: run.testStep,
    });
  });
  useCompareStore.setState({
    groupId: snapshot.groupId,
    latest: snapshot,
    running: snapshot.running,
    histories,
    results: fresh ? null : state.results,
  });
}

export function receiveCompareState(state: CompareState | null): void {
  if (!state) return;
  useCompareStore.setState({
    configs: state.configs,
    tasks: state.tasks,
    status: 'ready',
    error: null,
  });
  receiveRuns(state.snapshot);
}

export function receiveResults(results: CompareResults): void {
  if (results.groupId !== useCompareStore.getState().groupId) return;
  useCompareStore.setState({ results });
}

export function clearCompare(): void {
  useCompareStore.setState({
    status: 'idle',
    error: null,
    latest: null,
    histories: [],
    running: false,
    results: null,
    configs: [],
  });
}
