/**
 * CSV import and export of datasets, in one place for callers. The pieces live in their own
 * files: csvTable (parsing and shape checks), csvBuild (cells -> Dataset), csvInfer (guessing
 * the column mapping) and csvExport (Dataset -> CSV + JSON sidecar).
 */
export {
  CsvError,
  parseCsvChunked,
  parseCsvText,
  type CsvTable,
  type ParseProgress,
} from './csvTable';
export { buildDataset, type CsvMapping } from './csvBuild';
export { guessTaskKind, inferMapping } from './csvInfer';
export { datasetSidecar, datasetToCsv, type DatasetSidecar } from './csvExport';
