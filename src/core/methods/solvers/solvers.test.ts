import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalSampler, seededUniform } from '../random';
import { gram, randomJacobian } from '../testing';
import { solveBoxQp } from './boxQp';
import { cagradObjective, solveCagradDual } from './cagradDual';
import { choleskySolve } from './cholesky';
import { matVec, quadForm } from './dense';
import { symmetricEigen } from './eigen';
import { solveFairPotential } from './fairPotential';
import { minNormPoint } from './minNorm';
import { symmetricPinv } from './pinv';
import { projectToSimplex } from './simplex';

/** Exact box-QP oracle by enumerating active sets (fine for n <= 6). */
function boxQpByEnumeration(q: Float64Array, n: number, lower: number[]): Float64Array {
  let best: Float64Array | null = null;
  let bestValue = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    const free = [...Array(n).keys()].filter((i) => mask & (1 << i));
    const v = Float64Array.from(lower);
    if (free.length) {
      const m = free.length;
      const sub = new Float64Array(m * m);
      const rhs = new Float64Array(m);
      free.forEach((i, r) => {
        rhs[r] = 0;
        for (let j = 0; j < n; j++) if (!(mask & (1 << j))) rhs[r] -= q[i * n + j] * lower[j];
        free.forEach((j, s) => (sub[r * m + s] = q[i * n + j]));
      });
      const sol = choleskySolve(sub, m, rhs);
      if (!sol) continue;
      free.forEach((i, r) => (v[i] = sol[r]));
    }
    if (v.some((x, i) => x < lower[i] - 1e-12)) continue;
    const value = quadForm(q, n, v);
    if (value < bestValue) {
      bestValue = value;
      best = v;
    }
  }
  if (!best) throw new Error('no feasible active set');
  return best;
}

describe('simplex projection', () => {
  it('is the nearest simplex point (checked against random simplex points)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (y) => {
          const p = projectToSimplex(y);
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
          const dist = (x: ArrayLike<number>) => y.reduce((s, v, i) => s + (v - x[i]) ** 2, 0);
          const random = seededUniform(3);
          for (let k = 0; k < 20; k++) {
            const raw = y.map(() => -Math.log(1 - random()));
            const total = raw.reduce((a, b) => a + b, 0);
            expect(dist(p)).toBeLessThanOrEqual(dist(raw.map((r) => r / total)) + 1e-12);
          }
        },
      ),
    );
  });
  it('keeps a point already on the simplex', () => {
    expect(Array.from(projectToSimplex([0.2, 0.3, 0.5]))).toEqual(
      [0.2, 0.3, 0.5].map((v) => expect.closeTo(v, 14)),
    );
  });
});

describe('symmetric eigendecomposition and pseudo-inverse', () => {
  it('reconstructs A = VΛVᵀ with orthonormal V, eigenvalues descending', () => {
    for (const n of [1, 2, 3, 5, 8]) {
      const g = gram(randomJacobian(n, n + 2, 11 + n));
      const { values, vectors } = symmetricEigen(g, n);
      for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let rec = 0;
          let orth = 0;
          for (let k = 0; k < n; k++) {
            rec += vectors[i * n + k] * values[k] * vectors[j * n + k];
            orth += vectors[k * n + i] * vectors[k * n + j];
          }
          expect(rec).toBeCloseTo(g[i * n + j], 9);
          expect(orth).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
    }
  });
  it('pinv satisfies the Moore–Penrose identity A A⁺ A = A on a rank-deficient Gram', () => {
    const n = 5;
    const a = gram(randomJacobian(n, 3, 5));
    const p = symmetricPinv(a, n);
    const mul = (x: Float64Array, y: Float64Array) => {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++) out[i * n + j] += x[i * n + k] * y[k * n + j];
      return out;
    };
    const back = mul(mul(a, p), a);
    back.forEach((v, k) => expect(v).toBeCloseTo(a[k], 8));
    const pap = mul(mul(p, a), p);
    pap.forEach((v, k) => expect(v).toBeCloseTo(p[k], 8));
  });
});

describe('box QP', () => {
  it('matches exact active-set enumeration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 5 }),
        (n, seed, i0) => {
          const q = gram(randomJacobian(n, n + (seed % 3), seed, 1));
          for (let i = 0; i < n; i++) q[i * n + i] += 1e-4 * (q[i * n + i] + 1e-3);
          const lower = Array.from({ length: n }, (_, i) => (i === i0 % n ? 1 / n : 0));
          const got = solveBoxQp(q, n, lower);
          const want = boxQpByEnumeration(q, n, lower);
          const scale = quadForm(q, n, want);
          expect(Math.abs(quadForm(q, n, got) - scale)).toBeLessThanOrEqual(
            1e-9 * Math.max(scale, 1e-12),
          );
          got.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(lower[i]));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('min-norm point', () => {
  it('satisfies the KKT conditions to 1e-6 (T = 2..8, random and ill-scaled gradients)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1e6 }),
        (n, p, seed) => {
          const g = gram(randomJacobian(n, p, seed, 1));
          const alpha = minNormPoint(g, n);
          const ga = matVec(g, n, alpha);
          const value = quadForm(g, n, alpha);
          const tol = 1e-6 * Math.max(...Array.from({ length: n }, (_, i) => g[i * n + i]));
          expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          alpha.forEach((a, i) => {
            expect(a).toBeGreaterThanOrEqual(0);
            if (a > 1e-9) expect(Math.abs(ga[i] - value)).toBeLessThanOrEqual(tol);
            else expect(ga[i]).toBeGreaterThanOrEqual(value - tol);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fair potential (Nash-MTL / FairGrad) Newton solver', () => {
  it('solves (Gw)_i = w_i^(−1/α) for α ∈ {0.5, 1, 2, 5}', () => {
    for (const alpha of [0.5, 1, 2, 5]) {
      for (let seed = 0; seed < 20; seed++) {
        const n = 2 + (seed % 6);
        const g = gram(randomJacobian(n, n + 3, 100 + seed, 1));
        const { weights } = solveFairPotential(g, n, { alpha });
        const gw = matVec(g, n, weights);
        weights.forEach((w, i) => {
          expect(w).toBeGreaterThan(0);
          expect(gw[i] / Math.pow(w, -1 / alpha)).toBeCloseTo(1, 6);
        });
      }
    }
  });
});

describe('CAGrad dual', () => {
  it('T = 2: golden section matches a brute-force 1-D grid search', () => {
    for (let seed = 0; seed < 20; seed++) {
      const g = gram(randomJacobian(2, 3, 300 + seed, 1));
      const phi = 0.5 * Math.sqrt((g[0] + 2 * g[1] + g[3]) / 4);
      const w = solveCagradDual(g, 2, phi);
      let bestX = 0;
      let bestF = Infinity;
      for (let k = 0; k <= 100000; k++) {
        const x = k / 100000;
        const f = cagradObjective(g, 2, phi, [x, 1 - x]);
        if (f < bestF) [bestF, bestX] = [f, x];
      }
      expect(cagradObjective(g, 2, phi, w)).toBeLessThanOrEqual(
        bestF + 1e-12 * Math.abs(bestF) + 1e-15,
      );
      expect(w[0]).toBeCloseTo(bestX, 4);
    }
  });
  it('T > 2: no random simplex point does better', () => {
    const normal = normalSampler(seededUniform(9));
    for (let seed = 0; seed < 20; seed++) {
      const n = 3 + (seed % 5);
      const g = gram(randomJacobian(n, n + 1, 400 + seed, 1));
      const phi = 0.5 * Math.sqrt(g.reduce((a, b) => a + b, 0) / (n * n));
      const f = cagradObjective(g, n, phi, solveCagradDual(g, n, phi));
      for (let k = 0; k < 2000; k++) {
        const raw = Array.from({ length: n }, () => Math.abs(normal()) ** 3);
        const total = raw.reduce((a, b) => a + b, 0);
        expect(f).toBeLessThanOrEqual(
          cagradObjective(
            g,
            n,
            phi,
            raw.map((r) => r / total),
          ) +
            1e-10 * Math.abs(f),
        );
      }
    }
  });
});
