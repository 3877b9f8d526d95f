import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  equicorrelationMatrix,
  frobeniusDistance,
  maxAbsDifference,
  minEigenvalue,
  multiplyTransposed,
  nearestCorrelation,
  normalizedGram as correlationFromRows,
  projectToPsd,
  squareRootFactor,
} from './similarity';

const rowsArbitrary = fc
  .record({ T: fc.integer({ min: 1, max: 7 }), k: fc.integer({ min: 1, max: 7 }) })
  .chain(({ T, k }) =>
    fc.array(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
      {
        minLength: T,
        maxLength: T,
      },
    ),
  )
  .filter((rows) => rows.every((r) => r.reduce((s, v) => s + v * v, 0) > 1e-3));

function isValidCorrelation(P: number[][]): void {
  P.forEach((row, i) => expect(row[i]).toBe(1));
  expect(
    maxAbsDifference(
      P,
      P.map((row, i) => row.map((_, j) => P[j][i])),
    ),
  ).toBe(0);
  expect(minEigenvalue(P)).toBeGreaterThanOrEqual(-1e-10);
}

describe('square-root factor', () => {
  it('reproduces P = (1-rho)I + rho 11ᵀ, including the singular ends rho = 1 and -1/(T-1)', () => {
    for (const T of [1, 2, 5, 7, 16]) {
      const rhos = T > 1 ? [-1 / (T - 1), -0.05, 0, 0.4, 0.9, 1] : [0];
      for (const rho of rhos) {
        const P = equicorrelationMatrix(T, rho);
        expect(maxAbsDifference(multiplyTransposed(squareRootFactor(P)), P)).toBeLessThan(1e-12);
      }
    }
  });

  it('reproduces any valid correlation matrix, singular or not (property)', () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        const P = correlationFromRows(rows);
        return maxAbsDifference(multiplyTransposed(squareRootFactor(P)), P) < 1e-9;
      }),
      { numRuns: 200 },
    );
  });
});

describe('nearest correlation matrix', () => {
  const broken = [
    [1, 0.9, -0.9],
    [0.9, 1, 0.9],
    [-0.9, 0.9, 1],
  ];

  it("matches Higham's worked example [[1,1,0],[1,1,1],[0,1,1]]", () => {
    const N = nearestCorrelation([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    expect(N[0][1]).toBeCloseTo(0.7607, 4);
    expect(N[0][2]).toBeCloseTo(0.1573, 4);
    expect(N[1][2]).toBeCloseTo(0.7607, 4);
    isValidCorrelation(N);
  });

  it('leaves a valid matrix unchanged', () => {
    const P = equicorrelationMatrix(4, 0.3);
    expect(maxAbsDifference(nearestCorrelation(P), P)).toBeLessThan(1e-12);
  });

  it('is valid and closer than eigenvalue clipping + rescaling and than shrinking toward I', () => {
    const P = [
      [1, 0.9, 0.7, -0.5],
      [0.9, 1, 0.3, 0.8],
      [0.7, 0.3, 1, 0.9],
      [-0.5, 0.8, 0.9, 1],
    ];
    expect(minEigenvalue(P)).toBeLessThan(-0.5);
    const N = nearestCorrelation(P);
    isValidCorrelation(N);
    const best = frobeniusDistance(N, P);

    const clipped = projectToPsd(P);
    const d = clipped.map((row, i) => Math.sqrt(row[i]));
    const rescaled = clipped.map((row, i) => row.map((v, j) => (i === j ? 1 : v / (d[i] * d[j]))));
    const lambda = minEigenvalue(P);
    const alpha = -lambda / (1 - lambda); // smallest shrinkage that makes (1-a)P + aI PSD
    const shrunk = P.map((row, i) => row.map((v, j) => (i === j ? 1 : (1 - alpha) * v)));
    expect(minEigenvalue(shrunk)).toBeGreaterThan(-1e-10);
    const distances = {
      nearest: best,
      clipRescale: frobeniusDistance(rescaled, P),
      shrinkTowardI: frobeniusDistance(shrunk, P),
    };
    console.info('distance to the invalid P:', distances);
    expect(best).toBeLessThan(distances.clipRescale - 1e-3);
    expect(best).toBeLessThan(distances.shrinkTowardI - 1e-3);
  });

  it('no valid matrix on the segment towards another valid matrix is closer (property)', () => {
    // The valid set is convex, so N is nearest iff moving toward any valid C does not help.
    fc.assert(
      fc.property(
        rowsArbitrary.filter((rows) => rows.length === 3),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (rows, t) => {
          const N = nearestCorrelation(broken);
          const C = correlationFromRows(rows);
          const moved = N.map((row, i) => row.map((v, j) => (1 - t) * v + t * C[i][j]));
          return frobeniusDistance(moved, broken) >= frobeniusDistance(N, broken) - 1e-9;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('repairs random symmetric matrices with unit diagonal (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((T) =>
          fc
            .array(fc.double({ min: -1, max: 1, noNaN: true }), {
              minLength: T * T,
              maxLength: T * T,
            })
            .map((v) => {
              const P = Array.from({ length: T }, (_, i) =>
                Array.from({ length: T }, (_, j) => v[Math.min(i, j) * T + Math.max(i, j)]),
              );
              return P.map((row, i) => row.map((x, j) => (i === j ? 1 : x)));
            }),
        ),
        (P) => {
          const N = nearestCorrelation(P);
          return N.every((row, i) => row[i] === 1) && minEigenvalue(N) >= -1e-10;
        },
      ),
      { numRuns: 60 },
    );
  });
});
