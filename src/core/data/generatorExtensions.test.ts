import { describe, expect, it } from 'vitest';
import { generateDataset } from './generator';
import { pearson, summarizeTask } from './stats';
import { testConfig } from './testConfig';
import type { Split } from './types';

function classShares(split: Split, T: number, t: number, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let r = 0; r < split.rows; r++) counts[split.y[r * T + t]]++;
  return counts.map((c) => c / split.rows);
}

describe('MTL Lab extensions of the generator', () => {
  it('thresholds binary and multiclass tasks at the requested class balance (train ±1%, test ±3%)', () => {
    const specs = [
      { degree: 1, kind: 'binary' as const, positiveRate: 0.2 },
      { degree: 3, kind: 'binary' as const, positiveRate: 0.9 },
      { degree: 2, kind: 'multiclass' as const, classes: 4 },
      { degree: 4, kind: 'multiclass' as const, classes: 3 },
    ];
    const dataset = generateDataset(testConfig({ tasks: 4, samples: 10_000, seed: 3 }, specs));
    expect(dataset.tasks.map((t) => t.outputs)).toEqual([1, 1, 4, 3]);
    const expected = [
      [0.8, 0.2],
      [0.1, 0.9],
      [0.25, 0.25, 0.25, 0.25],
      [1 / 3, 1 / 3, 1 / 3],
    ];
    expected.forEach((shares, t) => {
      const train = classShares(dataset.train, 4, t, shares.length);
      const test = classShares(dataset.test, 4, t, shares.length);
      shares.forEach((share, k) => {
        expect(Math.abs(train[k] - share)).toBeLessThan(0.01);
        expect(Math.abs(test[k] - share)).toBeLessThan(0.03);
      });
      expect(summarizeTask(dataset.train, dataset.tasks, t).classBalance?.length).toBe(
        shares.length,
      );
    });
    // Only whole class indices are stored.
    expect(dataset.train.y.every((v) => Number.isInteger(v))).toBe(true);
  });

  it('keeps the latent structure in classification tasks: the binary label follows its score', () => {
    const dataset = generateDataset(
      testConfig({ tasks: 2, rho: 1, samples: 4000 }, [
        { degree: 1 },
        { degree: 1, kind: 'binary' },
      ]),
    );
    const regression = Float64Array.from(
      { length: dataset.train.rows },
      (_, r) => dataset.train.y[r * 2],
    );
    const binary = Float64Array.from(
      { length: dataset.train.rows },
      (_, r) => dataset.train.y[r * 2 + 1],
    );
    // Point-biserial correlation of a median split of a Gaussian is sqrt(2/pi) = 0.80.
    expect(pearson(regression, binary)).toBeGreaterThan(0.75);
  });

  it('multiplies regression labels by scale', () => {
    const plain = generateDataset(testConfig({}, [{ degree: 2 }, { degree: 1 }]));
    const scaled = generateDataset(testConfig({}, [{ degree: 2, scale: 10 }, { degree: 1 }]));
    for (let r = 0; r < plain.train.rows; r++) {
      expect(scaled.train.y[r * 2]).toBeCloseTo(10 * plain.train.y[r * 2], 3);
      expect(scaled.train.y[r * 2 + 1]).toBe(plain.train.y[r * 2 + 1]);
    }
  });

  it('labels exactly the requested fraction of train rows and zeroes the rest; test stays fully labelled', () => {
    const dataset = generateDataset(
      testConfig({ samples: 1000 }, [{ labelledFraction: 0.25 }, {}, { labelledFraction: 0.1 }]),
    );
    const { train, test } = dataset;
    const mask = train.mask;
    expect(mask).toBeDefined();
    if (!mask) return;
    const labelled = [0, 1, 2].map((t) =>
      Array.from({ length: train.rows }, (_, r) => mask[r * 3 + t]).reduce((s, v) => s + v, 0),
    );
    expect(labelled).toEqual([Math.round(700 * 0.25), 700, 70]);
    for (let r = 0; r < train.rows; r++) if (!mask[r * 3]) expect(train.y[r * 3]).toBe(0);
    expect(test.mask).toBeUndefined();
    // Different tasks get different rows.
    const rows0 = Array.from({ length: train.rows }, (_, r) => mask[r * 3]);
    const rows2 = Array.from({ length: train.rows }, (_, r) => mask[r * 3 + 2]);
    expect(rows0).not.toEqual(rows2);
    expect(generateDataset(testConfig()).train.mask).toBeUndefined();
  });

  it('appends irrelevant columns that no label depends on', () => {
    const dataset = generateDataset(
      testConfig({ irrelevantFeatures: 4, samples: 20_000 }, [{ degree: 1, noise: 0 }]),
    );
    const D = dataset.features;
    expect(D).toBe(12);
    const y = Float64Array.from({ length: dataset.train.rows }, (_, r) => dataset.train.y[r]);
    for (let c = 8; c < 12; c++) {
      const x = Float64Array.from(
        { length: dataset.train.rows },
        (_, r) => dataset.train.x[r * D + c],
      );
      expect(Math.abs(pearson(x, y))).toBeLessThan(5 / Math.sqrt(dataset.train.rows));
    }
  });

  it('makes equicorrelated unit-variance features when asked (c = 0.5 ± 0.03)', () => {
    const dataset = generateDataset(
      testConfig({ featureCorrelation: 0.5, irrelevantFeatures: 2, samples: 10_000 }),
    );
    const D = dataset.features;
    const col = (c: number) =>
      Float64Array.from({ length: dataset.train.rows }, (_, r) => dataset.train.x[r * D + c]);
    for (const [a, b] of [
      [0, 1],
      [3, 7],
      [2, 9],
    ])
      expect(Math.abs(pearson(col(a), col(b)) - 0.5)).toBeLessThan(0.03);
    const c0 = col(0);
    const variance = c0.reduce((s, v) => s + v * v, 0) / c0.length;
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
