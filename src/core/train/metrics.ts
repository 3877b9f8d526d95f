/**
 * Per-task metrics from network outputs, computed in float64 JS after one readback:
 *   regression  loss = MSE, R^2 = 1 - SSE/SST, explained variance = 1 - Var(y - y_hat)/Var(y);
 *   binary      loss = BCE on the logit, accuracy at p = 0.5, AUC (Mann-Whitney, ties averaged);
 *   multiclass  loss = softmax cross-entropy over the task's classes, accuracy of the argmax.
 * Beside them, the trivial predictor on the same rows (mean label: its MSE; majority class: its
 * accuracy) and, for classification, balanced accuracy (mean per-class recall), so a 95 % accuracy
 * on a task with 5 % positives reads as what it is. The trivial predictor is fitted on the rows it
 * is scored on, so it is the best constant predictor there: a conservative bar to beat.
 * A regression task trained on a standardised target (TaskInfo.labelScale) reports its MSE in the
 * label's own units (× std²); R² and explained variance do not depend on the units.
 * Only labelled rows count. A metric that is undefined on the data (no labelled rows, one class
 * only, constant labels) is NaN.
 */
import type { Split, TaskInfo } from '../data/types';
import type { TaskMetrics } from './types';

/** Network outputs for a split: values[(t * stride + row) * width + k]. */
export interface OutputTable {
  values: Float32Array;
  /** Rows per task block in `values` (may exceed the split's rows because of padding). */
  stride: number;
  width: number;
}

export function labelledRows(split: Split, tasks: number, t: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < split.rows; r++) {
    const i = r * tasks + t;
    if ((split.mask ? split.mask[i] !== 0 : true) && Number.isFinite(split.y[i])) rows.push(r);
  }
  return rows;
}

function regression(pred: number[], y: number[]): TaskMetrics {
  const n = y.length;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let sse = 0;
  let sst = 0;
  let meanRes = 0;
  for (let i = 0; i < n; i++) meanRes += (y[i] - pred[i]) / n;
  let varRes = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - pred[i];
    sse += r * r;
    sst += (y[i] - meanY) ** 2;
    varRes += (r - meanRes) ** 2;
  }
  return {
    loss: sse / n,
    r2: 1 - sse / sst,
    explainedVariance: 1 - varRes / sst,
    baseline: sst / n,
  };
}

/** Area under the ROC curve by the rank-sum statistic, ties given their average rank. */
export function auc(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l > 0.5) {
      pos++;
      rankSum += ranks[i];
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Majority-class accuracy and balanced accuracy from predicted and true class indices. */
export function classBaselines(
  predicted: number[],
  labels: number[],
): { baseline: number; balancedAccuracy: number } {
  const total = new Map<number, number>();
  const hit = new Map<number, number>();
  labels.forEach((label, i) => {
    total.set(label, (total.get(label) ?? 0) + 1);
    if (predicted[i] === label) hit.set(label, (hit.get(label) ?? 0) + 1);
  });
  let largest = 0;
  let recall = 0;
  for (const [label, count] of total) {
    largest = Math.max(largest, count);
    recall += (hit.get(label) ?? 0) / count;
  }
  return { baseline: largest / labels.length, balancedAccuracy: recall / total.size };
}

function binary(logits: number[], y: number[]): TaskMetrics {
  let loss = 0;
  let correct = 0;
  const predicted = logits.map((z) => (z > 0 ? 1 : 0));
  const labels = y.map((v) => (v > 0.5 ? 1 : 0));
  logits.forEach((z, i) => {
    loss += Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)));
    if (predicted[i] === labels[i]) correct++;
  });
  return {
    loss: loss / y.length,
    accuracy: correct / y.length,
    auc: auc(logits, y),
    ...classBaselines(predicted, labels),
  };
}

function multiclass(logits: number[][], y: number[]): TaskMetrics {
  let loss = 0;
  let correct = 0;
  const predicted = logits.map(argmax);
  const labels = y.map(Math.round);
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, z) => a + Math.exp(z - max), 0));
    loss += lse - (row[labels[i]] ?? -Infinity);
    if (predicted[i] === labels[i]) correct++;
  });
  return {
    loss: loss / y.length,
    accuracy: correct / y.length,
    ...classBaselines(predicted, labels),
  };
}

export function argmax(row: number[]): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
  return best;
}

/** The first `outputs` units of task t at a row. */
export function taskOutputs(table: OutputTable, t: number, row: number, outputs: number): number[] {
  const base = (t * table.stride + row) * table.width;
  return Array.from(table.values.subarray(base, base + outputs));
}

export function computeMetrics(tasks: TaskInfo[], table: OutputTable, split: Split): TaskMetrics[] {
  const T = tasks.length;
  return tasks.map((task, t) => {
    const rows = labelledRows(split, T, t);
    if (rows.length === 0) return { loss: NaN };
    const y = rows.map((r) => split.y[r * T + t]);
    if (task.kind === 'multiclass') {
      return multiclass(
        rows.map((r) => taskOutputs(table, t, r, task.outputs)),
        y,
      );
    }
    const first = rows.map((r) => table.values[(t * table.stride + r) * table.width]);
    if (task.kind === 'binary') return binary(first, y);
    const metrics = regression(first, y);
    const unit = (task.labelScale?.std ?? 1) ** 2;
    return { ...metrics, loss: metrics.loss * unit, baseline: (metrics.baseline ?? NaN) * unit };
  });
}
