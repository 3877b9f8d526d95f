import { expect, test } from 'vitest';
import { expertUsage, normalizedEntropy } from './gating';

test('normalised entropy: 1 for uniform use, 0 for one expert', () => {
  expect(normalizedEntropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1, 12);
  expect(normalizedEntropy([1, 0, 0])).toBe(0);
  expect(normalizedEntropy([0.5, 0.5, 0])).toBeCloseTo(Math.log(2) / Math.log(3), 12);
});

test('expert usage averages the gates over tasks', () => {
  expect(
    expertUsage([
      [1, 0],
      [0.5, 0.5],
    ]),
  ).toEqual([0.75, 0.25]);
});
