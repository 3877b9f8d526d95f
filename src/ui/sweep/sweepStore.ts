/**
 * The sweep on the page: its definition, the cells done so far, progress, and persistence in
 * localStorage so a reload resumes it (the worker runs only the cells not yet done). Finished
 * sweeps add their summary rows to the compare view's results table.
 */
import { create } from 'zustand';
import type { TaskInfo } from '../../core/data/types';
import { sweepCells, type SweepDefinition } from '../../core/sweep/grid';
import type { CellResult } from '../../core/sweep/runCell';
import { secondsLeft, summarize } from '../../core/sweep/table';
import { taskMetricFor } from '../../core/train/deltaM';
import { addResultRows } from '../compare/compareStore';
import { getConnection } from '../share/connection';
import { toggleView } from '../share/shareStore';
import type { ResultsRow } from '../share/exportTables';
import { errorMessage } from '../../core/errorMessage';

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface SweepStoreState {
  def: SweepDefinition | null;
  results: CellResult[];
  total: number;
  status: SweepStatus;
  error: string | null;
  /** Seconds left, from the mean cell time so far. */
  eta: number | null;
  /** A sweep definition from a share link (fills the form; nothing runs until asked). */
  linked: string | null;
}

export const SWEEP_STORAGE_KEY = 'mtl-lab.sweep';

export const useSweepStore = create<SweepStoreState>()(() => ({
  def: null,
  results: [],
  total: 0,
  status: 'idle',
  error: null,
  eta: null,
  linked: null,
}));

function save(): void {
  const { def, results, status } = useSweepStore.getState();
  try {
    localStorage.setItem(SWEEP_STORAGE_KEY, JSON.stringify({ def, results, status }));
  } catch {
    // Storage full or blocked: the sweep still runs, it just cannot resume after a reload.
  }
}

function tasksOf(def: SweepDefinition): TaskInfo[] {
  return def.base.data.taskSpecs.map((s, t) => ({
    name: `task_${t}`,
    kind: s.kind,
    outputs: s.kind === 'multiclass' ? s.classes : 1,
  }));
}

/** Summary rows (mean over seeds) in the shape of the compare results table. */
export function sweepResultRows(def: SweepDefinition, results: CellResult[]): ResultsRow[] {
  const tasks = tasksOf(def);
  const [ax, ay] = def.axes;
  const rows = summarize({ ...def, metric: { kind: 'deltaM' } }, results);
  return rows.map((row) => {
    const cells = results.filter((r) => r.x === row.x && r.y === row.y);
    const metric = (t: number) => cells.reduce((a, c) => a + c.taskMetric[t], 0) / cells.length;
    const name = `sweep ${ax.field}=${row.x}${ay ? `, ${ay.field}=${row.y}` : ''} (mean of ${row.n} seeds)`;
    const config = def.base;
    return {
      label: name,
      architecture:
        ax.field === 'architecture'
          ? String(row.x)
          : ay?.field === 'architecture'
            ? String(row.y)
            : config.model.architecture,
      method:
        ax.field === 'method'
          ? String(row.x)
          : ay?.field === 'method'
            ? String(row.y)
            : config.train.method,
      step: def.steps,
      metrics: tasks.map((task, t) => {
        const kind = taskMetricFor(task.kind);
        return kind === 'mse'
          ? { loss: metric(t) }
          : kind === 'auc'
            ? { loss: NaN, auc: metric(t) }
            : { loss: NaN, accuracy: metric(t) };
      }),
      deltaM: row.mean,
    };
  });
}

async function run(def: SweepDefinition, done: CellResult[]): Promise<void> {
  const { api, proxy, started } = getConnection();
  await started;
  const total = sweepCells(def).length;
  useSweepStore.setState({ def, results: done, total, status: 'running', error: null, eta: null });
  save();
  try {
    await api.sweep(
      def,
      done.map((r) => r.key),
      proxy((event) => {
        const state = useSweepStore.getState();
        if (event.kind === 'cell') {
          const results = [...state.results, event.result];
          const fresh = results.slice(done.length);
          useSweepStore.setState({ results, eta: secondsLeft(fresh, total - results.length) });
        } else {
          useSweepStore.setState({ status: event.cancelled ? 'cancelled' : 'done', eta: null });
          // Here, not after api.sweep resolves: the listener's messages travel on their own port.
          if (!event.cancelled) {
            addResultRows(sweepResultRows(def, useSweepStore.getState().results), tasksOf(def));
            toggleView('compare', true);
          }
        }
        save();
      }),
    );
  } catch (error) {
    useSweepStore.setState({
      status: 'failed',
      error: errorMessage(error),
    });
    save();
    throw error;
  }
}

interface SavedSweep {
  def: SweepDefinition | null;
  results: CellResult[];
  status: SweepStatus;
}

function readSaved(): SavedSweep | null {
  try {
    return JSON.parse(localStorage.getItem(SWEEP_STORAGE_KEY) ?? 'null') as SavedSweep | null;
  } catch {
    return null;
  }
}

export const sweepActions = {
  start(def: SweepDefinition): Promise<void> {
    sweepCells(def); // throws a readable message for a bad grid before anything starts
    return run(def, []);
  },
  async cancel(): Promise<void> {
    await getConnection().api.cancelSweep();
  },
  /** After a reload: continue a sweep that was running, from the cells already done. */
  resume(): Promise<void> | null {
    const saved = readSaved();
    if (!saved?.def) return null;
    const total = sweepCells(saved.def).length;
    useSweepStore.setState({ def: saved.def, results: saved.results, total, status: saved.status });
    return saved.status === 'running' ? run(saved.def, saved.results) : null;
  },
};
