/**
 * FULLER's inter calibration (seed-systems §9 "Test properties"), on explicit representation
 * gradients r_i (rows of R): the engine hands the method G = R Rᵀ and applies Σ_i w_i r_i.
 */
import { describe, expect, test } from 'vitest';
import { fuller, interCalibration } from './fuller';
import { resolveOptions } from './registry';
import { gramOfRows } from './solvers/dense';

function rows(seed: number, tasks: number, size: number): Float64Array[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: tasks }, (_, i) =>
    Float64Array.from({ length: size }, () => next() * (i + 1) ** 2),
  );
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

function update(r: Float64Array[], weights: ArrayLike<number>): Float64Array {
  const d = new Float64Array(r[0].length);
  r.forEach((row, i) => row.forEach((v, k) => (d[k] += weights[i] * v)));
  return d;
}

function weightsOf(r: Float64Array[], options: Record<string, unknown> = {}): Float64Array {
  const instance = fuller.create({
    tasks: r.length,
    options: resolveOptions(fuller, options),
    learningRate: 1e-3,
    random: () => 0.5,
  });
  const result = instance.aggregate({ step: 0, stepsPerEpoch: 10, gram: gramOfRows(r) });
  if (!result.weights) throw new Error('fuller returns weights');
  return result.weights;
}

describe('FULLER inter calibration', () => {
  test('calibrated norms are equal, and equal to the mean of the originals', () => {
    const r = rows(3, 4, 20);
    const w = interCalibration(gramOfRows(r), 4);
    const before = r.map(norm);
    const mean = before.reduce((a, b) => a + b, 0) / 4;
    // The rows differ in scale by up to 16x, so equal calibrated norms are not an accident.
    expect(Math.max(...before) / Math.min(...before)).toBeGreaterThan(5);
    r.forEach((row, i) => expect(norm(row.map((v) => v * w[i]))).toBeCloseTo(mean, 10));
  });

  test.each(['none', 'imtl-g', 'aligned-mtl-ub'])(
    'direction %s: scaling one loss by c leaves the direction unchanged',
    (direction) => {
      const r = rows(5, 3, 12);
      const d = update(r, weightsOf(r, { direction }));
      const scaled = r.map((row, i) => (i === 1 ? row.map((v) => v * 7.5) : row));
      const e = update(scaled, weightsOf(scaled, { direction }));
      const cosine = d.reduce((a, v, k) => a + v * e[k], 0) / (norm(d) * norm(e));
      expect(cosine).toBeCloseTo(1, 9);
      if (direction === 'none') {
        // The magnitude follows the new mean norm.
        const mean = (x: Float64Array[]) => x.map(norm).reduce((a, b) => a + b, 0) / x.length;
        expect(norm(e) / norm(d)).toBeCloseTo(mean(scaled) / mean(r), 9);
      }
    },
  );

  test('the direction rule changes the direction (it is not the plain calibrated sum)', () => {
    const r = rows(11, 3, 12);
    const plain = update(r, weightsOf(r));
    const imtl = update(r, weightsOf(r, { direction: 'imtl-g' }));
    const cosine = plain.reduce((a, v, k) => a + v * imtl[k], 0) / (norm(plain) * norm(imtl));
    expect(cosine).toBeLessThan(0.999);
  });

  test('one task: the identity', () => {
    expect(Array.from(weightsOf(rows(2, 1, 9)))).toEqual([1]);
  });

  test('a task with a zero gradient keeps 0 and does not count in the mean', () => {
    const r = rows(7, 3, 10);
    r[2].fill(0);
    const w = interCalibration(gramOfRows(r), 3);
    expect(w[2]).toBe(0);
    const mean = (norm(r[0]) + norm(r[1])) / 2;
    expect(norm(r[0].map((v) => v * w[0]))).toBeCloseTo(mean, 10);
  });

  test('intra calibration is asked for unless switched off, and heads are unweighted', () => {
    const r = rows(1, 2, 4);
    const make = (intra: boolean) =>
      fuller
        .create({
          tasks: 2,
          options: resolveOptions(fuller, { intra }),
          learningRate: 1e-3,
          random: () => 0.5,
        })
        .aggregate({ step: 0, stepsPerEpoch: 1, gram: gramOfRows(r) });
    expect(make(true).calibrateGroups).toBe(true);
    expect(make(false).calibrateGroups).toBeUndefined();
    expect(Array.from(make(true).headWeights)).toEqual([1, 1]);
  });
});
