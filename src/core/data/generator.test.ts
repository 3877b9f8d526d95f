import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataset, splitSizes } from './generator';
import { labelMoments } from './moments';
import {
  equicorrelationMatrix,
  maxAbsDifference,
  multiplyTransposed,
  normalizedGram,
} from './similarity';
import { labelCorrelation, pearson } from './stats';
import { testConfig } from './testConfig';
import type { Dataset, Split } from './types';

function generatorSource(dataset: Dataset) {
  if (dataset.source.kind !== 'generator') throw new Error('expected generated data');
  return dataset.source;
}

/** z_i = x · w_i for every row of a split, per task. */
function linearPredictors(dataset: Dataset, split: Split): Float64Array[] {
  const W = generatorSource(dataset).weights;
  const D = dataset.features;
  return W.map((w) => {
    const z = new Float64Array(split.rows);
    for (let r = 0; r < split.rows; r++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += split.x[r * D + k] * w[k];
      z[r] = s;
    }
    return z;
  });
}

function column(split: Split, T: number, t: number): Float64Array {
  return Float64Array.from({ length: split.rows }, (_, r) => split.y[r * T + t]);
}

describe('MultiTab-Bench weights', () => {
  it('gives W Wᵀ = P to 1e-9 with unit rows for the reference preset and the singular ends of rho', () => {
    const preset = testConfig(
      { tasks: 7, features: 32, rho: 0.4, samples: 200 },
      [1, 3, 2, 3, 4, 2, 3].map((degree) => ({ degree })),
    );
    for (const rho of [0.4, 1, -1 / 6, 0]) {
      const source = generatorSource(generateDataset({ ...preset, rho }));
      const error = maxAbsDifference(
        multiplyTransposed(source.weights),
        equicorrelationMatrix(7, rho),
      );
      expect(error).toBeLessThan(1e-9);
      for (const w of source.weights) expect(Math.abs(Math.hypot(...w) - 1)).toBeLessThan(1e-12);
    }
  });

  it('has the reference split sizes and shapes', () => {
    const dataset = generateDataset(
      testConfig({ samples: 1001, testFraction: 0.3, irrelevantFeatures: 2 }),
    );
    expect(splitSizes(1001, 0.3)).toEqual({ train: 701, test: 300 });
    expect(dataset.train.rows).toBe(701);
    expect(dataset.test.rows).toBe(300);
    expect(dataset.features).toBe(10);
    expect(dataset.train.x.length).toBe(701 * 10);
    expect(dataset.test.y.length).toBe(300 * 3);
    expect(dataset.tasks.map((t) => t.name)).toEqual(['task_0', 'task_1', 'task_2']);
    expect(dataset.featureMean).toEqual(new Array(10).fill(0));
    expect(dataset.featureStd).toEqual(new Array(10).fill(1));
  });
});

describe('MultiTab-Bench labels', () => {
  it('match the exact mean and variance of each degree at N = 1e5 (5 standard errors)', () => {
    const noise = 0.01;
    const dataset = generateDataset(
      testConfig(
        { tasks: 5, features: 8, rho: 0.3, samples: 100_000, testFraction: 0.05, seed: 2024 },
        [1, 2, 3, 4, 5].map((degree) => ({ degree, noise })),
      ),
    );
    const n = dataset.train.rows + dataset.test.rows;
    const report = [1, 2, 3, 4, 5].map((degree, t) => {
      const values = [...column(dataset.train, 5, t), ...column(dataset.test, 5, t)];
      const mean = values.reduce((s, v) => s + v, 0) / n;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
      const exact = labelMoments(degree, noise);
      // Standard errors of the sample mean and variance, the latter from the exact 4th moment.
      const seMean = Math.sqrt(exact.variance / n);
      const seVariance = Math.sqrt((exact.fourthCentral - exact.variance ** 2) / n);
      return {
        degree,
        mean,
        variance,
        exact,
        meanZ: (mean - exact.mean) / seMean,
        varZ: (variance - exact.variance) / seVariance,
      };
    });
    console.info(
      report
        .map(
          (r) =>
            `degree ${r.degree}: mean ${r.mean.toFixed(3)} (exact ${r.exact.mean}, z ${r.meanZ.toFixed(2)}), variance ${r.variance.toFixed(2)} (exact ${r.exact.variance.toFixed(4)}, z ${r.varZ.toFixed(2)})`,
        )
        .join('\n'),
    );
    for (const r of report) {
      expect(Math.abs(r.meanZ)).toBeLessThan(5);
      expect(Math.abs(r.varZ)).toBeLessThan(5);
    }
  });

  it('gives linear predictors with corr(z_i, z_j) = rho ± 0.02 and degree-1 label correlation rho', () => {
    for (const rho of [-0.2, 0, 0.4, 0.9]) {
      const dataset = generateDataset(
        testConfig(
          { tasks: 5, features: 12, rho, samples: 20_000, seed: 11 },
          [1, 1, 3, 2, 4].map((degree) => ({ degree })),
        ),
      );
      const z = linearPredictors(dataset, dataset.train);
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < i; j++) expect(Math.abs(pearson(z[i], z[j]) - rho)).toBeLessThan(0.02);
      }
      const labels = labelCorrelation(dataset.train, 5);
      expect(Math.abs(labels[0][1] - rho)).toBeLessThan(0.02);
      // Non-linear tasks correlate less than their predictors do (reference §1.5).
      if (rho > 0) expect(labels[0][4]).toBeLessThan(rho);
    }
  });

  it('hits any valid full P: W Wᵀ = P, and degree-1 label correlations = P within sampling error (property)', () => {
    const rowsArbitrary = fc
      .integer({ min: 2, max: 5 })
      .chain((T) =>
        fc
          .array(
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: T, maxLength: T }),
            { minLength: T, maxLength: T },
          )
          .filter((rows) => rows.every((r) => Math.hypot(...r) > 0.1)),
      );
    fc.assert(
      fc.property(rowsArbitrary, fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const P = normalizedGram(rows);
        const T = P.length;
        const dataset = generateDataset(
          testConfig(
            { tasks: T, features: T + 3, correlation: P, samples: 10_000, seed },
            P.map(() => ({ degree: 1 })),
          ),
        );
        expect(
          maxAbsDifference(multiplyTransposed(generatorSource(dataset).weights), P),
        ).toBeLessThan(1e-9);
        const n = dataset.train.rows;
        const observed = labelCorrelation(dataset.train, T);
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < i; j++) {
            const tolerance = (5 * (1 - P[i][j] ** 2)) / Math.sqrt(n) + 2e-3;
            expect(Math.abs(observed[i][j] - P[i][j])).toBeLessThan(tolerance);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('is identical for the same seed and different for another seed', () => {
    const a = generateDataset(testConfig({ seed: 5 }));
    const b = generateDataset(testConfig({ seed: 5 }));
    const c = generateDataset(testConfig({ seed: 6 }));
    expect(b.train.x).toEqual(a.train.x);
    expect(b.train.y).toEqual(a.train.y);
    expect(b.test.y).toEqual(a.test.y);
    expect(generatorSource(b).weights).toEqual(generatorSource(a).weights);
    expect(c.train.x).not.toEqual(a.train.x);
    expect(c.test.y).not.toEqual(a.test.y);
    expect(generatorSource(c).weights).not.toEqual(generatorSource(a).weights);
  });

  it('draws the test split fresh under the same W (independent streams per consumer)', () => {
    const a = generateDataset(testConfig({ testFraction: 0.3 }));
    const b = generateDataset(testConfig({ testFraction: 0.5 }));
    // Changing the split sizes leaves W and the first train rows untouched...
    expect(generatorSource(b).weights).toEqual(generatorSource(a).weights);
    expect(b.train.x.subarray(0, 800)).toEqual(a.train.x.subarray(0, 800));
    // ...and test rows are not copies of train rows.
    expect(a.test.x.subarray(0, 8)).not.toEqual(a.train.x.subarray(0, 8));
    expect(a.test.x.subarray(0, 8)).not.toEqual(a.train.x.subarray(a.train.rows * 8 - 8));
  });

  it('computes labels from the stored features (degree 1, no noise: y = x · w exactly)', () => {
    const dataset = generateDataset(
      testConfig({ irrelevantFeatures: 3 }, [
        { degree: 1, noise: 0 },
        { degree: 1, noise: 0 },
      ]),
    );
    const z = linearPredictors(dataset, dataset.test);
    for (let r = 0; r < dataset.test.rows; r++)
      expect(dataset.test.y[r * 2]).toBe(Math.fround(z[0][r]));
  });
});
