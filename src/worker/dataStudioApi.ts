/**
 * The data studio's part of the worker API (LabWorkerApi extends it, so there is still one
 * comlink API): dataset summaries for the views, CSV import, going back to generated data, and
 * export. Everything that crosses is small and structured-cloneable; the file itself travels as
 * a Blob, which the worker reads in chunks.
 */
import type { LabConfig } from '../core/config/schema';
import type { CsvMapping, DatasetSidecar, ParseProgress } from '../core/data/csv';
import type { TaskMetrics } from '../core/train/types';
import type { CsvPreview } from './csvImport';
import type { DatasetView, ScatterSample } from './datasetView';
import type { RunStart } from './protocol';

export type { CsvColumnInfo, CsvPreview } from './csvImport';
export type { DatasetOrigin, DatasetView, ScatterSample } from './datasetView';

export interface DatasetExport {
  /** Suggested file name without extension. */
  baseName: string;
  csv: string;
  sidecar: DatasetSidecar;
}

export interface DataStudioWorkerApi {
  /** Summaries of the loaded dataset (similarities, histograms, row counts). */
  datasetView(): Promise<DatasetView>;
  /** Labels of two tasks on the train split, subsampled to at most `maxPoints`. */
  scatterSample(taskA: number, taskB: number, maxPoints: number): Promise<ScatterSample>;
  /** Parse a CSV file in the worker; the loaded dataset is not touched. */
  parseCsv(
    file: Blob,
    fileName: string,
    onProgress: (progress: ParseProgress) => void,
  ): Promise<CsvPreview>;
  /**
   * Build a dataset from the parsed file and train on it (a new run). Rejects with the CsvError
   * message (naming row and column) and keeps the previous dataset and run when the file is bad.
   */
  importCsv(mapping: CsvMapping, config: LabConfig): Promise<RunStart>;
  /** Leave an imported table: generate data from `config.data` and start a new run. */
  useGeneratedData(config: LabConfig): Promise<RunStart>;
  /** The loaded dataset as CSV (MultiTab web layout) and its JSON sidecar. */
  exportDataset(): Promise<DatasetExport>;
  /** Per-task metrics of the current run on the test split (R², accuracy, AUC by task kind). */
  testMetrics(): Promise<TaskMetrics[]>;
}
