import { describe, expect, it } from 'vitest';
import { generateDataset } from './generator';
import { datasetStats, histogram, labelCorrelation, pearson, rowCosines } from './stats';
import { testConfig } from './testConfig';
import type { Split } from './types';

describe('dataset statistics', () => {
  it('reports realised cosines equal to P, row counts and per-task summaries', () => {
    const dataset = generateDataset(
      testConfig({ rho: 0.3, samples: 5000 }, [
        { degree: 1 },
        { degree: 2 },
        { degree: 1, kind: 'binary', positiveRate: 0.3 },
      ]),
    );
    const stats = datasetStats(dataset, 10);
    expect(stats.rows).toEqual({ train: 3500, test: 1500, total: 5000 });
    stats.weightCosines?.forEach((row, i) =>
      row.forEach((c, j) => expect(c).toBeCloseTo(i === j ? 1 : 0.3, 12)),
    );
    expect(stats.perTask[0].std).toBeGreaterThan(0.9);
    expect(stats.perTask[0].std).toBeLessThan(1.1);
    expect(stats.perTask[2].classBalance?.[1]).toBeCloseTo(0.3, 2);
    expect(stats.perTask[0].classBalance).toBeUndefined();
    expect(stats.histograms[1].counts.reduce((s, c) => s + c, 0)).toBe(3500);
    expect(stats.histograms[1].edges).toHaveLength(11);
  });

  it('correlates only rows where both tasks are labelled', () => {
    // Task 1 equals task 0 where labelled; the unlabelled rows hold junk (0) that must be ignored.
    const split: Split = {
      rows: 4,
      x: new Float32Array(4),
      y: Float32Array.from([1, 1, 2, 0, 3, 3, 4, 0]),
      mask: Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 0]),
    };
    expect(labelCorrelation(split, 2)[0][1]).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
  });

  it('computes cosines and histograms from first principles', () => {
    expect(
      rowCosines([
        [1, 0],
        [1, 1],
      ])[0][1],
    ).toBeCloseTo(Math.SQRT1_2, 12);
    expect(histogram([0, 0.5, 1, 1], 2)).toEqual({ edges: [0, 0.5, 1], counts: [1, 3] });
    expect(histogram([2, 2], 5)).toEqual({ edges: [2, 2], counts: [2] });
  });
});
