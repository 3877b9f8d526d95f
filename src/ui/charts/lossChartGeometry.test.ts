import { describe, expect, it, test } from 'vitest';
import type { HistoryPoint } from '../../state/lossHistory';
import { lossChartGeometry, nearestPointIndex, testLossPoints } from './lossChartGeometry';

const box = { width: 600, height: 300, margin: { top: 10, right: 10, bottom: 30, left: 50 } };
const points: HistoryPoint[] = [
  { step: 0, trainLoss: [Number.NaN, 4], testLoss: [2, 5] },
  { step: 10, trainLoss: [1, 2], testLoss: [1.5, 3] },
  { step: 20, trainLoss: [0.1, 0], testLoss: [0.5, 1] },
];

describe('lossChartGeometry', () => {
  it('draws a train and a test path per task', () => {
    const geometry = lossChartGeometry(points, 2, box, false);
    expect(geometry.series.map((s) => `${s.task}-${s.split}`)).toEqual([
      '0-train',
      '0-test',
      '1-train',
      '1-test',
    ]);
    expect(geometry.x(0)).toBe(0);
    expect(geometry.x(20)).toBeCloseTo(geometry.innerWidth);
  });

  it('skips values a log scale cannot show', () => {
    const geometry = lossChartGeometry(points, 2, box, true);
    expect(Number.isNaN(geometry.y(0))).toBe(true);
    expect(Number.isNaN(geometry.y(Number.NaN))).toBe(true);
    expect(geometry.y(0.1)).toBeGreaterThan(geometry.y(5));
    expect(geometry.yTicks.length).toBeGreaterThan(1);
    for (const tick of geometry.yTicks) expect(tick.value).toBeGreaterThan(0);
  });

  it('copes with no points', () => {
    const geometry = lossChartGeometry([], 3, box, true);
    expect(geometry.series).toEqual([]);
    expect(geometry.xTicks.length).toBeGreaterThan(0);
  });
});

describe('nearestPointIndex', () => {
  it('finds the closest step', () => {
    expect(nearestPointIndex(points, -5)).toBe(0);
    expect(nearestPointIndex(points, 4)).toBe(0);
    expect(nearestPointIndex(points, 6)).toBe(1);
    expect(nearestPointIndex(points, 99)).toBe(2);
    expect(nearestPointIndex([], 3)).toBe(-1);
  });
});

test('test-loss steps change at the step of the evaluation, not of the snapshot that carried it', () => {
  const point = (step: number, testStep: number, test: number) => ({
    step,
    testStep,
    trainLoss: [1],
    testLoss: [test],
  });
  const held = testLossPoints(
    [point(0, 0, 3), point(30, 0, 3), point(62, 50, 2), point(130, 100, 1.5)],
    (p) => p.testLoss[0],
  );
  expect(held).toEqual([
    { step: 0, value: 3, evaluated: true },
    { step: 50, value: 2, evaluated: true },
    { step: 100, value: 1.5, evaluated: true },
    { step: 130, value: 1.5, evaluated: false },
  ]);
});
