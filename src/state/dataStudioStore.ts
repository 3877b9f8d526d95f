/**
 * What the data studio shows: summaries of the loaded dataset (from the worker), the scatter
 * pair, test metrics of the current run, and the state of a CSV import in progress. The dataset
 * itself stays in the worker; these are a few hundred numbers.
 */
import { create } from 'zustand';
import type { CsvMapping, ParseProgress } from '../core/data/csv';
import type { CsvPreview, DatasetView, ScatterSample } from '../worker/protocol/data';

/** An imported table as the person chose it: the file and its column mapping (saved on reload). */
export interface ImportedTable {
  file: Blob;
  fileName: string;
  mapping: CsvMapping;
}

/** idle -> parsing (progress bar) -> mapping (pick columns) -> importing -> idle. */
export type ImportPhase = 'idle' | 'parsing' | 'mapping' | 'importing';

export interface DataStudioState {
  view: DatasetView | null;
  /** The two tasks of the scatter plot (indices). */
  scatterPair: [number, number];
  scatter: ScatterSample | null;
  importPhase: ImportPhase;
  progress: ParseProgress | null;
  preview: CsvPreview | null;
  /** Why the last file could not be read or imported (names row and column). */
  importError: string | null;
  /** The table the lab trains on, when it is an imported one (null on generated data). */
  table: ImportedTable | null;
}

export const initialDataStudioState: DataStudioState = {
  view: null,
  scatterPair: [0, 1],
  scatter: null,
  importPhase: 'idle',
  progress: null,
  preview: null,
  importError: null,
  table: null,
};

export const useDataStudioStore = create<DataStudioState>()(() => ({ ...initialDataStudioState }));

/** Keep a scatter pair valid for T tasks (two different tasks when T > 1). */
export function clampPair([a, b]: [number, number], tasks: number): [number, number] {
  const last = Math.max(0, tasks - 1);
  const first = Math.min(Math.max(0, a), last);
  let second = Math.min(Math.max(0, b), last);
  if (second === first && tasks > 1) second = first === 0 ? 1 : 0;
  return [first, second];
}
