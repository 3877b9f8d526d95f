import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import type { TaskInfo } from '../data/types';
import { TaskLosses } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('per-task losses: MSE, BCE with logits, masked cross-entropy over own classes', () => {
  const tasks: TaskInfo[] = [
    { name: 'r', kind: 'regression', outputs: 1 },
    { name: 'b', kind: 'binary', outputs: 1 },
    { name: 'm', kind: 'multiclass', outputs: 2 },
  ];
  const fns = new TaskLosses(tasks, 3);
  // outputs [T=3, B=2, K=3]
  const out = tf.tensor3d([
    [
      [1, 9, 9],
      [3, 9, 9],
    ],
    [
      [0, 9, 9],
      [2, 9, 9],
    ],
    [
      [1, 0, 50],
      [0, 2, 50],
    ],
  ]);
  const y = tf.tensor2d([
    [2, 1, 0],
    [1, 0, 1],
  ]);
  const mask = tf.tensor2d([
    [1, 1, 1],
    [1, 0, 1],
  ]);
  const got = fns.perTask(out, y, mask).dataSync();
  const bce = (z: number, t: number) => Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - z * t;
  const ce = (row: number[], label: number) =>
    Math.log(row.reduce((a, z) => a + Math.exp(z), 0)) - row[label];
  expect(got[0]).toBeCloseTo(((1 - 2) ** 2 + (3 - 1) ** 2) / 2, 5);
  expect(got[1]).toBeCloseTo(bce(0, 1), 5); // row 1 unlabelled
  // The third unit (50) is outside this task's 2 classes and must be ignored.
  expect(got[2]).toBeCloseTo((ce([1, 0], 0) + ce([0, 2], 1)) / 2, 5);
  const sums = fns.sums(out, y, mask).arraySync();
  expect(sums[1]).toEqual([2, 1, 2]);
  tf.dispose([out, y, mask]);
  fns.dispose();
});
