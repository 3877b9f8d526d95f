import { expect, test } from 'vitest';
import { TASK_KINDS } from '../../core/config/schema';
import { metricColumns } from './metricColumns';

test('each kind has its own headings, never a mixed "R² / accuracy" column', () => {
  expect(metricColumns('regression').map((c) => c.heading)).toEqual([
    'MSE',
    'MSE of mean',
    'R²',
    'Explained variance',
  ]);
  expect(metricColumns('binary').map((c) => c.heading)).toEqual([
    'BCE',
    'Accuracy',
    'Majority class',
    'Balanced accuracy',
    'AUC',
  ]);
  expect(metricColumns('multiclass').map((c) => c.heading)).toEqual([
    'Cross-entropy',
    'Accuracy',
    'Majority class',
    'Balanced accuracy',
  ]);
  for (const kind of TASK_KINDS) {
    for (const column of metricColumns(kind)) expect(column.heading).not.toContain('/');
  }
});

test('classification metrics are classification keys, regression metrics regression keys', () => {
  const keys = (kind: (typeof TASK_KINDS)[number]) => metricColumns(kind).map((c) => c.key);
  expect(keys('regression')).not.toContain('accuracy');
  expect(keys('binary')).not.toContain('r2');
  expect(keys('multiclass')).not.toContain('auc');
  // The trivial baseline sits right after the metric it is the bar for.
  expect(keys('binary').indexOf('baseline')).toBe(keys('binary').indexOf('accuracy') + 1);
  expect(keys('regression').indexOf('baseline')).toBe(keys('regression').indexOf('loss') + 1);
});
