/**
 * Writing a Dataset as CSV in the MultiTab web layout (reference §1.6), so files open in the
 * authors' tooling and in PyTorch scripts alike: header `x_0..x_{D-1},task_0..task_{T-1},split`,
 * train rows first, then test; numbers with 6 decimals. MTL Lab additions: unlabelled cells are
 * empty, class labels are written as their class (an integer index, or the imported name), and
 * a JSON sidecar records the generating config and seed that the CSV cannot hold.
 */
import type { DataConfig } from '../config/schema';
import { toLabelUnits, type Dataset, type Split, type TaskInfo } from './types';

export const CSV_DECIMALS = 6;

/** Column names: imported tables keep theirs; generated data uses x_i and task_i. */
export function csvHeader(dataset: Dataset): string[] {
  const features =
    dataset.source.kind === 'csv'
      ? dataset.source.featureNames
      : Array.from({ length: dataset.features }, (_, i) => `x_${i}`);
  return [...features, ...dataset.tasks.map((t) => t.name), 'split'];
}

/** Quote a header cell only when CSV requires it. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function labelCell(task: TaskInfo, value: number): string {
  // Standardised targets are written back in the file's own units, like the features.
  if (task.kind === 'regression') return toLabelUnits(task, value).toFixed(CSV_DECIMALS);
  return quote(task.classNames?.[value] ?? String(value));
}

function splitLines(dataset: Dataset, split: Split, name: 'train' | 'test', out: string[]): void {
  const D = dataset.features;
  const T = dataset.tasks.length;
  const cells = new Array<string>(D + T + 1);
  cells[D + T] = name;
  for (let r = 0; r < split.rows; r++) {
    // Imported data is stored standardised; write it back in the file's own units.
    for (let c = 0; c < D; c++) {
      const value = split.x[r * D + c] * dataset.featureStd[c] + dataset.featureMean[c];
      cells[c] = value.toFixed(CSV_DECIMALS);
    }
    for (let t = 0; t < T; t++) {
      const labelled = !split.mask || split.mask[r * T + t] === 1;
      cells[D + t] = labelled ? labelCell(dataset.tasks[t], split.y[r * T + t]) : '';
    }
    out.push(cells.join(','));
  }
}

/** The whole dataset as CSV text (with a trailing newline). */
export function datasetToCsv(dataset: Dataset): string {
  const lines = [csvHeader(dataset).map(quote).join(',')];
  splitLines(dataset, dataset.train, 'train', lines);
  splitLines(dataset, dataset.test, 'test', lines);
  return `${lines.join('\n')}\n`;
}

/** What the CSV cannot say: how the data was made, written next to it as `<file>.meta.json`. */
export interface DatasetSidecar {
  format: 'mtl-lab-dataset';
  version: 1;
  /** "MultiTab-Bench" for generated data (with MTL Lab extensions if any task uses them). */
  origin: string;
  seed: number | null;
  /** The full generator config (defaults applied); null for imported tables. */
  config: DataConfig | null;
  columns: { features: string[]; tasks: string[]; split: 'split' };
  tasks: TaskInfo[];
  rows: { train: number; test: number };
  /** Generated data: target task similarity P and the weight matrix W (T x D). */
  similarity?: number[][];
  weights?: number[][];
  thresholds?: number[][];
  featureMean: number[];
  featureStd: number[];
}

export function datasetSidecar(dataset: Dataset): DatasetSidecar {
  const header = csvHeader(dataset);
  const D = dataset.features;
  const base = {
    format: 'mtl-lab-dataset' as const,
    version: 1 as const,
    columns: {
      features: header.slice(0, D),
      tasks: header.slice(D, D + dataset.tasks.length),
      split: 'split' as const,
    },
    tasks: dataset.tasks,
    rows: { train: dataset.train.rows, test: dataset.test.rows },
    featureMean: dataset.featureMean,
    featureStd: dataset.featureStd,
  };
  const source = dataset.source;
  if (source.kind === 'csv')
    return { ...base, origin: `CSV import: ${source.name}`, seed: null, config: null };
  const sidecar: DatasetSidecar = {
    ...base,
    origin: 'MultiTab-Bench (MTL Lab generator)',
    seed: source.config.seed,
    config: source.config,
    similarity: source.similarity,
    weights: source.weights,
  };
  if (source.thresholds) sidecar.thresholds = source.thresholds;
  return sidecar;
}
