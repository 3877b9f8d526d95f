import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binaryConfidence, multiclassConfidence, regressionConfidence } from './confidence';
import { Welford } from './welford';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('Welford', () => {
  test('mean and std equal the direct mean and sample std (ddof = 1)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
          {
            minLength: 2,
            maxLength: 40,
          },
        ),
        (rows) => {
          const w = new Welford(3);
          rows.forEach((r) => w.add(r));
          for (let k = 0; k < 3; k++) {
            const col = rows.map((r) => r[k]);
            expect(w.means()[k]).toBeCloseTo(mean(col), 10);
            expect(w.std()[k]).toBeCloseTo(sampleStd(col), 9);
          }
        },
      ),
    );
  });

  test('count 1 gives an undefined std (NaN), NaN inputs are skipped', () => {
    const w = new Welford(2);
    w.add([0.5, NaN]);
    expect(Number.isNaN(w.std()[0])).toBe(true);
    expect(Number.isNaN(w.means()[1])).toBe(true);
    w.add([0.7, 0.2]);
    expect(w.std()[0]).toBeCloseTo(sampleStd([0.5, 0.7]), 12);
    expect(w.count[1]).toBe(1);
  });
});

describe('confidence', () => {
  test('binary: σ(z) for y = 1, 1 − σ(z) for y = 0, always in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => {
        const s = 1 / (1 + Math.exp(-z));
        expect(binaryConfidence(z, 1)).toBeCloseTo(s, 12);
        expect(binaryConfidence(z, 0)).toBeCloseTo(1 - s, 12);
        expect(binaryConfidence(z, 1)).toBeGreaterThanOrEqual(0);
        expect(binaryConfidence(z, 0)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test('multiclass is the softmax probability of the label; regression is bounded', () => {
    const p = multiclassConfidence([1, 2, 3, 99], 3, 2);
    expect(p).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
    expect(regressionConfidence(2, 2, 4)).toBe(1);
    expect(regressionConfidence(0, 2, 4)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(regressionConfidence(1e6, 0, 1)).toBeGreaterThanOrEqual(0);
  });
});
