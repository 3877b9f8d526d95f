import { scaleLog } from 'd3';
import { expect, test } from 'vitest';
import { lossChartGeometry } from './lossChartGeometry';
import { formatTick } from './tickFormat';

/** SI prefixes d3's "s" format uses (y z a f p n µ m k M G T P E Z Y). */
const SI = /[yzafpnµmkMGTPEZY]$/;

test('plain numbers in the everyday range, powers of ten outside it', () => {
  expect(formatTick(0)).toBe('0');
  expect(formatTick(0.001)).toBe('0.001');
  expect(formatTick(0.1)).toBe('0.1');
  expect(formatTick(2000)).toBe('2,000');
  expect(formatTick(-0.5)).toBe('−0.5');
  expect(formatTick(1e-5)).toBe('10⁻⁵');
  expect(formatTick(1e-10)).toBe('10⁻¹⁰');
  expect(formatTick(2e-5)).toBe('2×10⁻⁵');
  expect(formatTick(1e6)).toBe('10⁶');
});

test('no tick of a log axis over any range carries an SI prefix', () => {
  for (const [low, high] of [
    [1e-12, 1e-9],
    [1e-6, 1e-3],
    [1e-4, 10],
    [0.05, 3000],
    [1, 1e9],
  ]) {
    for (const tick of scaleLog().domain([low, high]).ticks()) {
      const label = formatTick(tick);
      expect(label, `${tick}`).not.toMatch(SI);
      expect(label).not.toBe('');
    }
  }
  // d3's own log format does use them, which is what this module replaces.
  expect(scaleLog().domain([1e-6, 1]).tickFormat()(1e-5)).toMatch(SI);
});

test('the loss chart labels its log axis without SI prefixes', () => {
  const points = [1e-6, 1e-4, 0.3].map((loss, step) => ({
    step,
    trainLoss: [loss],
    testLoss: [Number.NaN],
  }));
  const box = { width: 600, height: 300, margin: { top: 0, right: 0, bottom: 0, left: 0 } };
  const { yTicks } = lossChartGeometry(points, 1, box, true);
  expect(yTicks.length).toBeGreaterThan(2);
  for (const tick of yTicks) expect(tick.label).not.toMatch(SI);
});
