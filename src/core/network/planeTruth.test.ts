import { expect, test } from 'vitest';
import { defaultTaskSpec } from '../config/defaults';
import { generateDataset } from '../data/generator';
import type { Dataset } from '../data/types';
import { latentScores } from '../data/labels';
import { createRng } from '../data/random';
import { smallConfig } from '../train/testing';
import { cellCoordinates, gridPoints, makePlane } from './plane';
import { planeOverlay, POINT_SAMPLE } from './planeTruth';

function dataWith(kinds: ('regression' | 'binary')[], degree: number) {
  const config = smallConfig({ tasks: kinds.length, features: 5, degree, samples: 600 }).data;
  config.irrelevantFeatures = 2;
  config.taskSpecs = kinds.map((kind, t) => ({
    ...defaultTaskSpec(degree, 0.3),
    kind,
    scale: t === 0 ? 3 : 1,
  }));
  return generateDataset(config);
}

test("the true map equals the generator's noiseless target at the grid points", () => {
  const dataset = dataWith(['regression', 'binary'], 3);
  if (dataset.source.kind !== 'generator') throw new Error('generated data expected');
  const { weights, thresholds } = dataset.source;
  const grid = 7;
  const plane = makePlane({ kind: 'task-weights', axes: [0, 1] }, dataset);
  const { truth } = planeOverlay(dataset, plane, grid);
  const x = gridPoints(plane, grid);
  // The generator's own score code with zero noise: Σ_{k ≤ 3} z^k, z = x · w_t.
  const scores = latentScores(
    x,
    grid * grid,
    dataset.features,
    weights,
    [3, 3],
    [0, 0],
    createRng(1, 'n'),
  );
  for (const n of [0, 10, 24, 48]) {
    expect(truth?.['output/t0'][n]).toBeCloseTo(3 * scores[0][n], 4); // scale 3
    expect(truth?.['output/t1'][n]).toBeCloseTo(scores[1][n] - (thresholds?.[1][0] ?? NaN), 4);
  }
  // The grid cell's coordinates put the top-left cell at (−extent, +extent).
  expect(cellCoordinates(plane, grid, 0, 0)).toEqual([-plane.extent[0], plane.extent[1]]);
});

test('the training points are projected on the plane with their labels', () => {
  const dataset = dataWith(['regression', 'regression'], 1);
  const plane = makePlane({ kind: 'features', axes: [1, 3] }, dataset);
  const { points, truth } = planeOverlay(dataset, plane, 5);
  expect(truth).not.toBeNull();
  expect(points.s).toHaveLength(POINT_SAMPLE);
  const D = dataset.features;
  const rows = dataset.train.rows;
  for (const i of [0, 57, POINT_SAMPLE - 1]) {
    const r = Math.floor((i * rows) / POINT_SAMPLE);
    // Feature plane through the train mean: the coordinates are the two features, centred.
    expect(points.s[i]).toBeCloseTo(dataset.train.x[r * D + 1] - plane.origin[1], 5);
    expect(points.t[i]).toBeCloseTo(dataset.train.x[r * D + 3] - plane.origin[3], 5);
    expect(points.labels[1][i]).toBe(dataset.train.y[r * 2 + 1]);
  }
});

test('an imported table has no true map', () => {
  const dataset = dataWith(['regression'], 1);
  const csv: Dataset = { ...dataset, source: { kind: 'csv', name: 't.csv', featureNames: [] } };
  const plane = makePlane({ kind: 'features', axes: [0, 1] }, csv);
  expect(planeOverlay(csv, plane, 4).truth).toBeNull();
});
