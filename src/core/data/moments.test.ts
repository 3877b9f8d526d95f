import { describe, expect, it } from 'vitest';
import { gaussianMoment, labelMoments } from './moments';

describe('exact label moments', () => {
  it('uses E[z^n] = (n-1)!! for even n and 0 for odd n', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8].map(gaussianMoment)).toEqual([1, 0, 1, 0, 3, 0, 15, 105]);
  });

  it('reproduces the reference table (mean 0,1,1,4,4; variance 1,3,24,144,1329)', () => {
    const table = [1, 2, 3, 4, 5].map((d) => labelMoments(d));
    expect(table.map((m) => m.mean)).toEqual([0, 1, 1, 4, 4]);
    expect(table.map((m) => m.variance)).toEqual([1, 3, 24, 144, 1329]);
    // Degree 1 is Gaussian: 4th central moment 3.
    expect(table[0].fourthCentral).toBe(3);
  });

  it('adds the noise variance', () => {
    expect(labelMoments(2, 0.5).variance).toBeCloseTo(3.25, 12);
    expect(labelMoments(1, 1).fourthCentral).toBeCloseTo(3 * 4, 12);
  });
});
