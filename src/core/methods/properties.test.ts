/**
 * Property tests (fast-check) on random gradients, T = 2..8, norms spread over two decades:
 * the defining guarantees of UPGrad, MGDA and Nash-MTL, and finiteness of every method.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_IDS } from './registry';
import { dotRows, gram, randomJacobian, runOnce, sharedUpdate } from './testing';
import { matVec, quadForm } from './solvers/dense';

const shapes = fc.record({
  tasks: fc.integer({ min: 2, max: 8 }),
  extra: fc.integer({ min: -3, max: 6 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function rowsOf(
  { tasks, extra, seed }: { tasks: number; extra: number; seed: number },
  fullRank = false,
) {
  const params = Math.max(1, tasks + (fullRank ? Math.abs(extra) : extra));
  return randomJacobian(tasks, params, seed, 1);
}

describe('non-conflicting aggregators', () => {
  it('UPGrad: g_i·d ≥ −reg_eps·tr(G)·w_i for every task (and ≥ 0 exactly without the ridge)', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const rows = rowsOf(shape);
        const g = gram(rows);
        const tr = rows.reduce((s, r) => s + dotRows(r, r), 0);
        const result = runOnce('upgrad', rows);
        const w = result.weights ?? [];
        const d = sharedUpdate(rows, result);
        rows.forEach((r, i) =>
          expect(dotRows(r, d)).toBeGreaterThanOrEqual(-1e-4 * tr * w[i] - 1e-9 * tr),
        );
        const exact = runOnce('upgrad', rows, { options: { reg_eps: 0 } });
        const gw = matVec(g, shape.tasks, exact.weights ?? []);
        gw.forEach((v) => expect(v).toBeGreaterThanOrEqual(-1e-9 * tr));
      }),
      { numRuns: 300 },
    );
  });

  it('MGDA: KKT of the min-norm point to 1e-6, hence g_i·d ≥ ‖d‖² ≥ 0', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const rows = rowsOf(shape);
        const g = gram(rows);
        const t = shape.tasks;
        const alpha = runOnce('mgda', rows).weights ?? new Float64Array(t);
        const ga = matVec(g, t, alpha);
        const value = quadForm(g, t, alpha);
        const tol = 1e-6 * Math.max(...rows.map((r) => dotRows(r, r)));
        expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        alpha.forEach((a, i) => {
          expect(a).toBeGreaterThanOrEqual(0);
          if (a > 1e-9) expect(Math.abs(ga[i] - value)).toBeLessThanOrEqual(tol);
          expect(ga[i]).toBeGreaterThanOrEqual(value - tol);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('MGDA with l2 normalisation: KKT hold for the normalised gradients', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const rows = rowsOf(shape);
        const t = shape.tasks;
        const norms = rows.map((r) => Math.sqrt(dotRows(r, r)));
        const w =
          runOnce('mgda', rows, { options: { mgda_gn: 'l2' } }).weights ?? new Float64Array(t);
        const alpha = w.map((v, i) => v * norms[i]);
        const unit = gram(rows.map((r, i) => r.map((v) => v / norms[i])));
        const ga = matVec(unit, t, alpha);
        const value = quadForm(unit, t, alpha);
        expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
        ga.forEach((v) => expect(v).toBeGreaterThanOrEqual(value - 1e-6));
      }),
      { numRuns: 150 },
    );
  });

  it('Nash-MTL: α > 0, α ⊙ Gα = 1 to 1e-6 and ‖d‖² = T (full-rank gradients)', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const rows = rowsOf(shape, true);
        const t = shape.tasks;
        const g = gram(rows);
        const alpha = runOnce('nashmtl', rows).weights ?? new Float64Array(t);
        const ga = matVec(g, t, alpha);
        alpha.forEach((a, i) => {
          expect(a).toBeGreaterThan(0);
          expect(Math.abs(a * ga[i] - 1)).toBeLessThan(1e-6);
        });
        expect(quadForm(g, t, alpha) / t).toBeCloseTo(1, 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('every method on random gradients', () => {
  it('returns finite weights (or direction) and head weights, with the right lengths', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(...METHOD_IDS), (shape, id) => {
        const rows = rowsOf(shape);
        const losses = rows.map((_, i) => 0.1 + i);
        const result = runOnce(id, rows, { losses });
        expect(result.headWeights.length).toBe(shape.tasks);
        expect(result.headWeights.every(Number.isFinite)).toBe(true);
        if (result.weights) {
          expect(result.weights.length).toBe(shape.tasks);
          expect(result.weights.every(Number.isFinite)).toBe(true);
        } else {
          expect(result.direction?.length).toBe(rows[0].length);
          expect(result.direction?.every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
