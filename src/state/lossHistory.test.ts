import { describe, expect, it } from 'vitest';
import { appendToHistory, emptyHistory, type HistoryPoint } from './lossHistory';

const point = (step: number): HistoryPoint => ({ step, trainLoss: [step], testLoss: [step] });

describe('appendToHistory', () => {
  it('keeps every point below capacity', () => {
    let history = emptyHistory();
    for (let step = 1; step <= 10; step++) history = appendToHistory(history, point(step), 100);
    expect(history.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stays bounded and spans the whole run after many points', () => {
    let history = emptyHistory();
    for (let step = 1; step <= 10_000; step++) history = appendToHistory(history, point(step), 100);
    expect(history.points.length).toBeLessThanOrEqual(101);
    expect(history.points.length).toBeGreaterThan(40);
    expect(history.points[0].step).toBe(1);
    expect(history.points[history.points.length - 1].step).toBeGreaterThan(9_800);
    const steps = history.points.map((p) => p.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it('replaces a point for the same step instead of duplicating it', () => {
    let history = appendToHistory(emptyHistory(), point(5));
    history = appendToHistory(history, { step: 5, trainLoss: [1], testLoss: [2] });
    expect(history.points).toHaveLength(1);
    expect(history.points[0].testLoss).toEqual([2]);
  });
});
