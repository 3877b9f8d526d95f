import { describe, expect, it } from 'vitest';
import { generateDataset } from '../core/data/generator';
import { testConfig } from '../core/data/testConfig';
import { describeDataset, scatterSample } from './datasetView';

describe('describeDataset', () => {
  it('puts requested P beside the realised cosines and label correlations', () => {
    const P = [
      [1, -0.8],
      [-0.8, 1],
    ];
    const dataset = generateDataset(
      testConfig({ tasks: 2, correlation: P }, [
        { degree: 1, noise: 0.01 },
        { degree: 1, noise: 0.01 },
      ]),
    );
    const view = describeDataset(dataset);
    expect(view.origin).toEqual({ kind: 'generator' });
    expect(view.requested).toEqual(P);
    expect(view.weightCosines![0][1]).toBeCloseTo(-0.8, 6);
    // Linear tasks with little noise: the label correlation follows the requested similarity.
    expect(view.labelCorrelation[0][1]).toBeLessThan(-0.7);
    expect(view.rows).toEqual({ train: 1400, test: 600, total: 2000 });
    expect(view.histograms[0].counts.reduce((a, b) => a + b, 0)).toBe(1400);
  });

  it('gives classification tasks one histogram bar per class and names them', () => {
    const dataset = generateDataset(
      testConfig({ tasks: 2 }, [
        { kind: 'binary', positiveRate: 0.2 },
        { kind: 'multiclass', classes: 4 },
      ]),
    );
    const view = describeDataset(dataset);
    expect(view.histograms[0].counts).toHaveLength(2);
    expect(view.histograms[0].counts[1] / view.rows.train).toBeCloseTo(0.2, 2);
    expect(view.histograms[1].counts).toHaveLength(4);
    expect(view.classNames).toEqual([
      ['0', '1'],
      ['0', '1', '2', '3'],
    ]);
  });
});

describe('scatterSample', () => {
  const dataset = generateDataset(testConfig({ tasks: 3 }, [{}, {}, { labelledFraction: 0.5 }]));

  it('subsamples evenly but reports the correlation over every row', () => {
    const all = scatterSample(dataset, 0, 1, 10_000);
    const some = scatterSample(dataset, 0, 1, 100);
    expect(all.a).toHaveLength(1400);
    expect(some.a).toHaveLength(100);
    expect(some.total).toBe(1400);
    expect(some.correlation).toBe(all.correlation);
  });

  it('uses only rows where both tasks are labelled', () => {
    const sample = scatterSample(dataset, 0, 2, 10_000);
    expect(sample.total).toBeGreaterThan(500);
    expect(sample.total).toBeLessThan(900);
  });

  it('rejects task indices out of range', () => {
    expect(() => scatterSample(dataset, 0, 3)).toThrow(/task indices must be 0\.\.2/);
  });
});
