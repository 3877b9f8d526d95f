import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data/types';
import { summarizeDataset } from './dataSummary';

function twoTaskDataset(mask?: Uint8Array): Dataset {
  return {
    features: 1,
    tasks: [
      { name: 'task 1', kind: 'regression', outputs: 1 },
      { name: 'task 2', kind: 'regression', outputs: 1 },
    ],
    train: { rows: 3, x: new Float32Array(3), y: Float32Array.from([1, 10, 2, 20, 3, 99]), mask },
    test: { rows: 1, x: new Float32Array(1), y: new Float32Array(2) },
    source: { kind: 'csv', name: 'test.csv', featureNames: ['x'] },
    featureMean: [0],
    featureStd: [1],
  };
}

describe('summarizeDataset', () => {
  it('computes per-task label mean and std', () => {
    const summary = summarizeDataset(twoTaskDataset());
    expect(summary.labelMean[0]).toBeCloseTo(2);
    expect(summary.labelStd[0]).toBeCloseTo(Math.sqrt(2 / 3));
    expect(summary.trainRows).toBe(3);
    expect(summary.similarity).toBeNull();
  });

  it('skips unlabelled rows', () => {
    const summary = summarizeDataset(twoTaskDataset(Uint8Array.from([1, 1, 1, 1, 1, 0])));
    expect(summary.labelMean[1]).toBeCloseTo(15);
    expect(summary.labelStd[1]).toBeCloseTo(5);
  });
});
