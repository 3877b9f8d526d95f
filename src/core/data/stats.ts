/**
 * What the data actually turned out to be, for the data panel, `inspect` and tests: realised
 * task similarities (cosines of W's rows), empirical label correlations, per-task summaries and
 * label histograms. Target rho is the cosine of the linear predictors; the label correlation is
 * smaller for non-linear tasks (reference §1.5), and showing both side by side makes that visible.
 */
import type { Dataset, Split, TaskInfo } from './types';

/** Cosine between every pair of rows: for generated data, cos(w_i, w_j) which should equal P. */
export function rowCosines(W: number[][]): number[][] {
  const norms = W.map((w) => Math.sqrt(w.reduce((s, v) => s + v * v, 0)));
  return W.map((wi, i) =>
    W.map((wj, j) => wi.reduce((s, v, k) => s + v * wj[k], 0) / (norms[i] * norms[j])),
  );
}

function isLabelled(split: Split, T: number, row: number, task: number): boolean {
  return !split.mask || split.mask[row * T + task] === 1;
}

/** The labelled values of one task in a split. */
export function taskLabels(split: Split, T: number, task: number): Float64Array {
  const values: number[] = [];
  for (let r = 0; r < split.rows; r++) {
    if (isLabelled(split, T, r, task)) values.push(split.y[r * T + task]);
  }
  return Float64Array.from(values);
}

/** Pearson correlation of two equally long samples; NaN when either is constant or n < 2. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/**
 * T x T label correlation over the rows where both tasks are labelled (pairwise complete), so
 * a partially labelled task is compared on the rows it has. Diagonal 1; NaN when undefined.
 */
export function labelCorrelation(split: Split, T: number): number[][] {
  const out = Array.from({ length: T }, () => new Array<number>(T).fill(Number.NaN));
  for (let i = 0; i < T; i++) {
    out[i][i] = 1;
    for (let j = 0; j < i; j++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < split.rows; r++) {
        if (isLabelled(split, T, r, i) && isLabelled(split, T, r, j)) {
          a.push(split.y[r * T + i]);
          b.push(split.y[r * T + j]);
        }
      }
      out[i][j] = out[j][i] = pearson(a, b);
    }
  }
  return out;
}

export interface TaskSummary {
  name: string;
  kind: TaskInfo['kind'];
  labelled: number;
  mean: number;
  /** Population standard deviation of the labelled values. */
  std: number;
  min: number;
  max: number;
  /** Classification only: fraction of labelled rows in each class 0..C-1. */
  classBalance?: number[];
}

export function summarizeTask(split: Split, tasks: TaskInfo[], task: number): TaskSummary {
  const info = tasks[task];
  const values = taskLabels(split, tasks.length, task);
  const n = values.length;
  let mean = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    mean += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  mean = n ? mean / n : Number.NaN;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  const summary: TaskSummary = {
    name: info.name,
    kind: info.kind,
    labelled: n,
    mean,
    std: n ? Math.sqrt(sq / n) : Number.NaN,
    min: n ? min : Number.NaN,
    max: n ? max : Number.NaN,
  };
  if (info.kind !== 'regression') {
    const classes = info.kind === 'binary' ? 2 : info.outputs;
    const counts = new Array<number>(classes).fill(0);
    for (const v of values) counts[v]++;
    summary.classBalance = counts.map((c) => (n ? c / n : Number.NaN));
  }
  return summary;
}

export interface Histogram {
  /** bins + 1 increasing edges; bin k covers [edges[k], edges[k+1]) (the last one is closed). */
  edges: number[];
  counts: number[];
}

/** Equal-width histogram over [min, max] of the values (a single bin when they are all equal). */
export function histogram(values: ArrayLike<number>, bins = 20): Histogram {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  if (values.length === 0) return { edges: [], counts: [] };
  if (max === min) return { edges: [min, max], counts: [values.length] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    counts[Math.min(bins - 1, Math.floor((values[i] - min) / width))]++;
  }
  return { edges, counts };
}

export interface DatasetStats {
  rows: { train: number; test: number; total: number };
  /** Realised cos(w_i, w_j) for generated data; null for imported tables. */
  weightCosines: number[][] | null;
  /** Train-split label correlation (pairwise complete). */
  labelCorrelation: number[][];
  /** Train-split summaries. */
  perTask: TaskSummary[];
  /** Train-split label histograms, one per task. */
  histograms: Histogram[];
}

export function datasetStats(dataset: Dataset, bins = 20): DatasetStats {
  const T = dataset.tasks.length;
  const { train, test } = dataset;
  return {
    rows: { train: train.rows, test: test.rows, total: train.rows + test.rows },
    weightCosines: dataset.source.kind === 'generator' ? rowCosines(dataset.source.weights) : null,
    labelCorrelation: labelCorrelation(train, T),
    perTask: dataset.tasks.map((_, t) => summarizeTask(train, dataset.tasks, t)),
    histograms: dataset.tasks.map((_, t) => histogram(taskLabels(train, T, t), bins)),
  };
}
