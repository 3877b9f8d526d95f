/**
 * The plane's centre and extent are those of the data as the network sees it: for a standardised
 * table its train columns' mean (0) and std (1), not the raw table's mean in the table's units
 * (featureMean, the standardisation's own numbers); for an unstandardised table the raw mean.
 */
import { describe, expect, test } from 'vitest';
import { buildDataset, inferMapping, parseCsvText, type CsvMapping } from '../data/csv';
import { EXTENT, gridPoints, makePlane } from './plane';

// Column a around 1000 (std about 29), b around −50 (std about 2.9), a regression task.
const rows = Array.from({ length: 40 }, (_, r) => `${1000 + r * 10},${-50 + (r % 10)},${r % 7}`);
const table = parseCsvText(`a,b,task_0\n${rows.join('\n')}\n`);
const mapping = (standardize: boolean): CsvMapping => ({
  ...inferMapping(table),
  splitColumn: undefined,
  testFraction: 0.25,
  seed: 3,
  standardize,
});

function columnMean(x: Float32Array, D: number, c: number): number {
  let s = 0;
  for (let r = 0; r < x.length / D; r++) s += x[r * D + c];
  return s / (x.length / D);
}

describe('the plane is centred on the data the network is trained on', () => {
  test('a standardised table: centre 0, ±EXTENT along each axis, the grid over the data', () => {
    const dataset = buildDataset(table, mapping(true));
    expect(dataset.featureMean[0]).toBeGreaterThan(900); // the raw mean, in the table's units
    const plane = makePlane({ kind: 'features', axes: [0, 1] }, dataset);
    plane.origin.forEach((o) => expect(Math.abs(o)).toBeLessThan(1e-6));
    plane.extent.forEach((e) => expect(e).toBeCloseTo(EXTENT, 5));
    // The grid's centre cell lies at the train rows' mean.
    const grid = 5;
    const x = gridPoints(plane, grid);
    const centre = 2 * grid + 2;
    for (let c = 0; c < 2; c++) {
      expect(x[centre * 2 + c]).toBeCloseTo(columnMean(dataset.train.x, 2, c), 5);
    }
  });

  test('an unstandardised table: centre at the raw train means, extent their stds', () => {
    const dataset = buildDataset(table, mapping(false));
    expect(dataset.featureMean).toEqual([0, 0]); // identity standardisation, not the data's mean
    const plane = makePlane({ kind: 'features', axes: [0, 1] }, dataset);
    expect(plane.origin[0]).toBeCloseTo(columnMean(dataset.train.x, 2, 0), 2);
    expect(plane.origin[1]).toBeCloseTo(columnMean(dataset.train.x, 2, 1), 3);
    expect(plane.extent[0]).toBeGreaterThan(EXTENT * 20);
    expect(plane.extent[1]).toBeGreaterThan(EXTENT * 2);
    expect(plane.extent[1]).toBeLessThan(EXTENT * 4);
  });
});
