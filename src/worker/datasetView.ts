/**
 * Small summaries of the loaded dataset for the data studio views. The worker holds the data;
 * only these few hundred numbers cross to the page: requested similarity P beside the realised
 * cosines of W's rows and the train-split label correlations, per-task label histograms, row
 * counts per split, and a subsample of one pair of tasks for the scatter plot.
 */
import { datasetSidecar, datasetToCsv } from '../core/data/csvExport';
import { datasetStats, pearson, type Histogram, type TaskSummary } from '../core/data/stats';
import type { Dataset } from '../core/data/types';
import type { DatasetExport, DatasetView, ScatterSample } from './protocol/data';

/** One bin per class index 0..C-1, from the class balance (so binary shows two bars). */
function classHistogram(summary: TaskSummary): Histogram {
  const balance = summary.classBalance ?? [];
  return {
    edges: Array.from({ length: balance.length + 1 }, (_, k) => k - 0.5),
    counts: balance.map((share) => Math.round(share * summary.labelled)),
  };
}

export function describeDataset(dataset: Dataset, bins = 20): DatasetView {
  const stats = datasetStats(dataset, bins);
  const source = dataset.source;
  return {
    origin: source.kind === 'csv' ? { kind: 'csv', name: source.name } : { kind: 'generator' },
    rows: stats.rows,
    features: dataset.features,
    taskNames: dataset.tasks.map((t) => t.name),
    taskKinds: dataset.tasks.map((t) => t.kind),
    classNames: dataset.tasks.map((t) =>
      t.kind === 'regression'
        ? null
        : (t.classNames ??
          Array.from({ length: t.kind === 'binary' ? 2 : t.outputs }, (_, k) => String(k))),
    ),
    requested: source.kind === 'generator' ? source.similarity : null,
    weightCosines: stats.weightCosines,
    labelCorrelation: stats.labelCorrelation,
    perTask: stats.perTask,
    histograms: stats.histograms.map((h, t) =>
      dataset.tasks[t].kind === 'regression' ? h : classHistogram(stats.perTask[t]),
    ),
  };
}

/**
 * Labels of two tasks on the train rows where both are labelled, evenly subsampled to at most
 * `maxPoints` (deterministic, so the plot does not flicker between refreshes).
 */
export function scatterSample(
  dataset: Dataset,
  taskA: number,
  taskB: number,
  maxPoints = 2000,
): ScatterSample {
  const T = dataset.tasks.length;
  if (!(taskA >= 0 && taskA < T && taskB >= 0 && taskB < T)) {
    throw new Error(`scatter: task indices must be 0..${T - 1} (got ${taskA} and ${taskB})`);
  }
  const { train } = dataset;
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < train.rows; r++) {
    const ia = r * T + taskA;
    const ib = r * T + taskB;
    if (train.mask && (train.mask[ia] === 0 || train.mask[ib] === 0)) continue;
    a.push(train.y[ia]);
    b.push(train.y[ib]);
  }
  const total = a.length;
  const correlation = pearson(a, b);
  if (total <= maxPoints) return { taskA, taskB, total, a, b, correlation };
  const stride = total / maxPoints;
  const pick = (values: number[]) =>
    Array.from({ length: maxPoints }, (_, k) => values[Math.floor(k * stride)]);
  return { taskA, taskB, total, a: pick(a), b: pick(b), correlation };
}

/** The dataset as CSV (MultiTab web layout) plus its JSON sidecar, with a file name to save. */
export function datasetExport(dataset: Dataset): DatasetExport {
  const baseName =
    dataset.source.kind === 'csv'
      ? `${dataset.source.name.replace(/\.csv$/i, '')}-export`
      : `mtl-lab-data-seed${dataset.source.config.seed}`;
  return { baseName, csv: datasetToCsv(dataset), sidecar: datasetSidecar(dataset) };
}
