import { expect, test } from 'vitest';
import { computeMetrics } from '../train/metrics';
import { buildDataset, datasetToCsv, parseCsvText, type CsvMapping } from './csv';

/** A price-like target (mean ≈ 200, sd ≈ 45) next to a unit-scale one. */
function priceTable(rows = 200) {
  const lines = ['a,b,price,small'];
  for (let r = 0; r < rows; r++) {
    const a = Math.sin(r * 0.37);
    const b = Math.cos(r * 0.11);
    lines.push(`${a},${b},${(200 + 45 * (a * 1.2 + b * 0.3)).toFixed(3)},${(a - b).toFixed(3)}`);
  }
  return parseCsvText(lines.join('\n'));
}

const mapping: CsvMapping = {
  featureColumns: ['a', 'b'],
  taskColumns: [
    { name: 'price', kind: 'regression' },
    { name: 'small', kind: 'regression' },
  ],
  testFraction: 0.25,
  seed: 1,
  standardize: true,
};

function trainColumn(y: Float32Array, T: number, t: number): number[] {
  return Array.from({ length: y.length / T }, (_, r) => y[r * T + t]);
}

test('regression targets train standardised by default, with their train mean and std kept', () => {
  const dataset = buildDataset(priceTable(), mapping);
  const price = trainColumn(dataset.train.y, 2, 0);
  const mean = price.reduce((a, b) => a + b, 0) / price.length;
  const sd = Math.sqrt(price.reduce((a, v) => a + (v - mean) ** 2, 0) / price.length);
  expect(mean).toBeCloseTo(0, 5);
  expect(sd).toBeCloseTo(1, 5);
  expect(dataset.tasks[0].labelScale?.mean).toBeGreaterThan(150);
  expect(dataset.tasks[0].labelScale?.std).toBeGreaterThan(20);
  // The export writes the file's own units back.
  const back = parseCsvText(datasetToCsv(dataset));
  const column = back.header.indexOf('price');
  const original = priceTable();
  const first = original.rows.map((row) => Number(row[column]));
  const written = back.rows.map((row) => Number(row[column]));
  expect(Math.max(...written)).toBeCloseTo(Math.max(...first), 3);
});

test('a task may keep its raw target; classification tasks are never scaled', () => {
  const raw = buildDataset(priceTable(), {
    ...mapping,
    taskColumns: [
      { name: 'price', kind: 'regression', standardize: false },
      mapping.taskColumns[1],
    ],
  });
  expect(raw.tasks[0].labelScale).toBeUndefined();
  expect(trainColumn(raw.train.y, 2, 0)[0]).toBeGreaterThan(100);
});

test('metrics of a standardised task are in the label units: MSE × std², R² unchanged', () => {
  const dataset = buildDataset(priceTable(), mapping);
  const { test: split, tasks } = dataset;
  // Predict every row 0.1 standard deviations too high.
  const values = new Float32Array(2 * split.rows);
  for (let r = 0; r < split.rows; r++) {
    values[r] = split.y[r * 2] + 0.1;
    values[split.rows + r] = split.y[r * 2 + 1];
  }
  const [price] = computeMetrics(tasks, { values, stride: split.rows, width: 1 }, split);
  const std = tasks[0].labelScale?.std ?? NaN;
  expect(price.loss).toBeCloseTo(0.01 * std * std, 3);
  const unscaled = computeMetrics(
    [{ ...tasks[0], labelScale: undefined }, tasks[1]],
    { values, stride: split.rows, width: 1 },
    split,
  )[0];
  expect(price.r2).toBeCloseTo(unscaled.r2 ?? NaN, 12);
});
