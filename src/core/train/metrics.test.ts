import { expect, test } from 'vitest';
import type { Split, TaskInfo } from '../data/types';
import { conflictStats, symmetricEigenvalues } from './conflict';
import { deltaM } from './deltaM';
import { auc, computeMetrics } from './metrics';

test('AUC: perfect, reversed, ties and one-class cases', () => {
  expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  expect(auc([1, 2, 3], [0, 1, 1])).toBe(1);
  expect(auc([1, 2, 3], [1, 0, 0])).toBe(0);
  expect(auc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
  expect(auc([1, 2], [1, 1])).toBeNaN();
});

test('metrics per task kind, unlabelled rows skipped', () => {
  const tasks: TaskInfo[] = [
    { name: 'r', kind: 'regression', outputs: 1 },
    { name: 'b', kind: 'binary', outputs: 1 },
    { name: 'm', kind: 'multiclass', outputs: 3 },
  ];
  // 4 rows; outputs [T, stride 4, width 3].
  const split: Split = {
    rows: 4,
    x: new Float32Array(4),
    y: Float32Array.from([1, 1, 0, 2, 0, 2, 3, 1, 1, 4, 0, 0]),
    mask: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1]),
  };
  const values = new Float32Array(3 * 4 * 3);
  const set = (t: number, r: number, k: number, v: number) => (values[(t * 4 + r) * 3 + k] = v);
  [1.5, 2, 3, 5].forEach((v, r) => set(0, r, 0, v)); // regression predictions
  [0.4, -1, 3, 0.5].forEach((v, r) => set(1, r, 0, v)); // logits for labels 1, 0, 1, 0
  [
    [5, 0, 0],
    [0, 0, 5],
    [9, 0, 0],
    [0, 0, 1],
  ].forEach((row, r) => row.forEach((v, k) => set(2, r, k, v))); // labels 0,2,1,0
  const [reg, bin, multi] = computeMetrics(tasks, { values, stride: 4, width: 3 }, split);
  // Regression on labelled rows 0..2: y = 1, 2, 3 vs 1.5, 2, 3 (row 3 is unlabelled).
  expect(reg.loss).toBeCloseTo(0.25 / 3, 6);
  expect(reg.r2).toBeCloseTo(1 - 0.25 / 2, 6);
  expect(bin.accuracy).toBeCloseTo(3 / 4, 12);
  expect(bin.auc).toBeCloseTo(3 / 4, 12);
  expect(multi.accuracy).toBeCloseTo(2 / 4, 12);
  expect(multi.loss).toBeGreaterThan(0);
});

test('conflict stats from a Gram matrix', () => {
  // g1 = (1, 0), g2 = (-1, 1), g3 = (2, 0): cos(1,2) < 0, cos(1,3) = 1, cos(2,3) < 0.
  const G = [1, -1, 2, -1, 2, -2, 2, -2, 4];
  const s = conflictStats(7, G, 3);
  expect(s.step).toBe(7);
  expect(s.norms.map((n) => n.toFixed(6))).toEqual([1, Math.SQRT2, 2].map((n) => n.toFixed(6)));
  expect(s.cosine[0][1]).toBeCloseTo(-1 / Math.SQRT2, 12);
  expect(s.cosine[0][2]).toBeCloseTo(1, 12);
  expect(s.conflictRate).toBeCloseTo(2 / 3, 12);
  expect(s.conditionNumber).toBe(Infinity); // three gradients in a plane: rank 2
  const two = conflictStats(0, [4, 0, 0, 1], 2);
  expect(two.conditionNumber).toBeCloseTo(2, 12);
  expect(symmetricEigenvalues([2, 1, 1, 2], 2).sort()).toEqual(
    [1, 3].map((v) => expect.closeTo(v, 12)),
  );
});

test('Δm: LibMTL sign convention, MSE lower-better, AUC and accuracy higher-better', () => {
  const tasks: TaskInfo[] = [
    { name: 'r', kind: 'regression', outputs: 1 },
    { name: 'b', kind: 'binary', outputs: 1 },
    { name: 'm', kind: 'multiclass', outputs: 3 },
  ];
  const stl = [{ loss: 0.2 }, { loss: 0.5, auc: 0.8 }, { loss: 1, accuracy: 0.5 }];
  const model = [{ loss: 0.1 }, { loss: 0.4, auc: 0.72 }, { loss: 1, accuracy: 0.6 }];
  const d = deltaM(tasks, model, stl);
  expect(d.perTask[0]).toBeCloseTo(50, 10);
  expect(d.perTask[1]).toBeCloseTo(-10, 10);
  expect(d.perTask[2]).toBeCloseTo(20, 10);
  expect(d.deltaM).toBeCloseTo(20, 10);
  expect(deltaM(tasks, stl, stl).deltaM).toBe(0);
});

test('a 5 %-positive task: the majority baseline and balanced accuracy expose a trivial classifier', () => {
  const tasks: TaskInfo[] = [{ name: 'rare', kind: 'binary', outputs: 1 }];
  const rows = 100;
  const y = Float32Array.from({ length: rows }, (_, r) => (r < 5 ? 1 : 0));
  // Predicts "negative" everywhere except one of the positives.
  const values = Float32Array.from({ length: rows }, (_, r) => (r === 0 ? 2 : -2));
  const split: Split = { rows, x: new Float32Array(rows), y };
  const [m] = computeMetrics(tasks, { values, stride: rows, width: 1 }, split);
  expect(m.accuracy).toBeCloseTo(0.96, 12);
  expect(m.baseline).toBeCloseTo(0.95, 12);
  expect(m.balancedAccuracy).toBeCloseTo((1 / 5 + 1) / 2, 12);
});

test('regression baseline is the MSE of the mean predictor (population variance)', () => {
  const tasks: TaskInfo[] = [{ name: 'r', kind: 'regression', outputs: 1 }];
  const split: Split = { rows: 4, x: new Float32Array(4), y: Float32Array.from([1, 2, 3, 6]) };
  const values = Float32Array.from([1, 2, 3, 6]);
  const [m] = computeMetrics(tasks, { values, stride: 4, width: 1 }, split);
  expect(m.baseline).toBeCloseTo(3.5, 6);
  expect(m.r2).toBeCloseTo(1, 6);
});
