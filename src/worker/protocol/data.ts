/**
 * The data studio's part of the worker contract: dataset summaries for the views, the parsed CSV
 * preview and the dataset export. Types only (a leaf: worker files import it, never the reverse).
 */
import type { TaskKind } from '../../core/config/schema';
import type { CsvMapping, DatasetSidecar } from '../../core/data/csv';
import type { Histogram, TaskSummary } from '../../core/data/stats';

export type DatasetOrigin = { kind: 'generator' } | { kind: 'csv'; name: string };

export interface DatasetView {
  origin: DatasetOrigin;
  rows: { train: number; test: number; total: number };
  features: number;
  taskNames: string[];
  taskKinds: TaskKind[];
  /** Classification tasks: the label of each class index; null for regression. */
  classNames: (string[] | null)[];
  /** The similarity the generator was asked for (null for imported tables). */
  requested: number[][] | null;
  /** Realised cos(w_i, w_j) of the generator's weight rows (null for imported tables). */
  weightCosines: number[][] | null;
  /** Pearson correlation of the train labels, over rows where both tasks are labelled. */
  labelCorrelation: number[][];
  perTask: TaskSummary[];
  /** Regression: equal-width bins; classification: one bin per class. */
  histograms: Histogram[];
}

export interface ScatterSample {
  taskA: number;
  taskB: number;
  /** Train rows where both tasks are labelled. */
  total: number;
  a: number[];
  b: number[];
  /** Pearson correlation over all `total` rows (not just the sample). */
  correlation: number;
}

export interface CsvColumnInfo {
  name: string;
  /** Every non-empty cell is a number. */
  numeric: boolean;
  /** The task kind the column would most likely be, if it were a task. */
  kindGuess: TaskKind;
  /** Cells left empty (missing values). */
  empty: number;
}

export interface CsvPreview {
  fileName: string;
  rows: number;
  columns: CsvColumnInfo[];
  /** The first few data rows, raw. */
  sample: string[][];
  /** A first guess at the mapping (MultiTab layout recognised exactly). */
  guess: CsvMapping;
}

export interface DatasetExport {
  /** Suggested file name without extension. */
  baseName: string;
  csv: string;
  sidecar: DatasetSidecar;
}
