import type { Dataset } from '../core/data/types';
import type { DataSummary } from './protocol';

/** Per-task label mean and standard deviation over the labelled training rows. */
export function summarizeDataset(dataset: Dataset): DataSummary {
  const { train } = dataset;
  const tasks = dataset.tasks.length;
  const sum = new Float64Array(tasks);
  const sumSq = new Float64Array(tasks);
  const count = new Float64Array(tasks);
  for (let row = 0; row < train.rows; row++) {
    for (let t = 0; t < tasks; t++) {
      const i = row * tasks + t;
      if (train.mask && train.mask[i] === 0) continue;
      const v = train.y[i];
      sum[t] += v;
      sumSq[t] += v * v;
      count[t] += 1;
    }
  }
  const labelMean = Array.from(sum, (s, t) => (count[t] ? s / count[t] : 0));
  const labelStd = Array.from(sumSq, (s, t) =>
    count[t] ? Math.sqrt(Math.max(0, s / count[t] - labelMean[t] ** 2)) : 0,
  );
  return {
    features: dataset.features,
    tasks: dataset.tasks,
    trainRows: train.rows,
    testRows: dataset.test.rows,
    labelMean,
    labelStd,
    similarity: dataset.source.kind === 'generator' ? dataset.source.similarity : null,
  };
}
