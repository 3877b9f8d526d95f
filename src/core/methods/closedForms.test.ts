/**
 * T = 2 closed forms (reference §3.8) and published fixtures, checked through the registered
 * methods exactly as the engine calls them.
 */
import { describe, expect, it } from 'vitest';
import { alignmentMatrix } from './alignedmtl';
import { cagradObjective } from './solvers/cagradDual';
import { pcgradWeights } from './pcgrad';
import { seededUniform } from './random';
import { combine, dotRows, gram, randomJacobian, runOnce, sharedUpdate } from './testing';

const SEEDS = Array.from({ length: 25 }, (_, k) => 1000 + k);

/** Two random gradients in R^4, rescaled to unequal norms, often conflicting. */
function pair(seed: number): Float64Array[] {
  return randomJacobian(2, 4, seed, 1);
}

function norms(rows: Float64Array[]) {
  return rows.map((r) => Math.sqrt(dotRows(r, r)));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>) {
  return dotRows(a, b) / Math.sqrt(dotRows(a, a) * dotRows(b, b));
}

function bisector(rows: Float64Array[]) {
  const n = norms(rows);
  return combine(rows, [1 / n[0], 1 / n[1]]);
}

describe('T = 2 closed forms', () => {
  it('MGDA: α_1 = clip((G22 − G12)/(G11 + G22 − 2G12), 0, 1)', () => {
    const cases = SEEDS.map(pair);
    // A clipped case: g2 is short and points along g1, so MGDA picks g2 alone.
    cases.push([Float64Array.of(3, 0, 0, 0), Float64Array.of(0.5, 0.1, 0, 0)]);
    let clipped = 0;
    for (const rows of cases) {
      const g = gram(rows);
      const expected = Math.min(1, Math.max(0, (g[3] - g[1]) / (g[0] + g[3] - 2 * g[1])));
      if (expected === 0 || expected === 1) clipped++;
      const { weights } = runOnce('mgda', rows);
      expect(weights?.[0]).toBeCloseTo(expected, 12);
      expect(weights?.[1]).toBeCloseTo(1 - expected, 12);
    }
    expect(clipped).toBeGreaterThan(0);
  });

  it('IMTL-G: α = (n2, n1)/(n1 + n2), so d points along u1 + u2', () => {
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const [n1, n2] = norms(rows);
      const result = runOnce('imtl', rows);
      expect(result.weights?.[0]).toBeCloseTo(n2 / (n1 + n2), 9);
      expect(result.weights?.[1]).toBeCloseTo(n1 / (n1 + n2), 9);
      expect(cosine(sharedUpdate(rows, result), bisector(rows))).toBeCloseTo(1, 9);
    }
  });

  it('Nash-MTL: α_i = 1/(n_i √(1+cos)), α ⊙ Gα = 1, ‖d‖² = 2, d along u1 + u2', () => {
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const [n1, n2] = norms(rows);
      const c = cosine(rows[0], rows[1]);
      const result = runOnce('nashmtl', rows);
      const w = result.weights ?? new Float64Array(2);
      expect(w[0] * n1 * Math.sqrt(1 + c)).toBeCloseTo(1, 9);
      expect(w[1] * n2 * Math.sqrt(1 + c)).toBeCloseTo(1, 9);
      const g = gram(rows);
      expect(w[0] * (g[0] * w[0] + g[1] * w[1])).toBeCloseTo(1, 9);
      expect(w[1] * (g[2] * w[0] + g[3] * w[1])).toBeCloseTo(1, 9);
      const d = sharedUpdate(rows, result);
      expect(dotRows(d, d)).toBeCloseTo(2, 9);
      expect(cosine(d, bisector(rows))).toBeCloseTo(1, 9);
      expect(Array.from(result.headWeights)).toEqual(Array.from(w));
      expect(result.clipNorm).toBe(1);
    }
  });

  it('FairGrad with α_F = 1 equals Nash-MTL', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const rows = randomJacobian(4, 6, seed, 1);
      const nash = runOnce('nashmtl', rows).weights ?? [];
      const fair = runOnce('fairgrad', rows).weights ?? [];
      nash.forEach((v, i) => expect(fair[i] / v).toBeCloseTo(1, 9));
    }
  });

  it('PCGrad: d = g1 + g2 − (g12/n2²) g2 − (g12/n1²) g1 when they conflict, else g1 + g2', () => {
    let conflicts = 0;
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const g = gram(rows);
      const expected =
        g[1] < 0 ? combine(rows, [1 - g[1] / g[0], 1 - g[1] / g[3]]) : combine(rows, [1, 1]);
      if (g[1] < 0) conflicts++;
      const d = sharedUpdate(rows, runOnce('pcgrad', rows));
      d.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 10));
    }
    expect(conflicts).toBeGreaterThan(3);
  });

  it('UPGrad equals half the PCGrad sum (exactly with reg_eps = 0, to 1e-3 with the default ridge)', () => {
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const half = pcgradWeights(gram(rows), 2, seededUniform(1)).map((v) => v / 2);
      const exact = runOnce('upgrad', rows, { options: { reg_eps: 0 } }).weights ?? [];
      half.forEach((v, i) => expect(exact[i]).toBeCloseTo(v, 9));
      // The default 1e-4 ridge on G/tr(G) only matters when one gradient is ~100x shorter, so
      // compare on gradients of similar size.
      const similar = randomJacobian(2, 4, seed, 0);
      const want = combine(
        similar,
        pcgradWeights(gram(similar), 2, seededUniform(1)).map((v) => v / 2),
      );
      const d = sharedUpdate(similar, runOnce('upgrad', similar));
      const scale = Math.sqrt(dotRows(want, want));
      d.forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThan(1e-3 * scale));
    }
  });

  it('CAGrad: the dual weights match a brute-force 1-D search', () => {
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const g = gram(rows);
      const c = 0.5;
      const phi = c * Math.sqrt(g.reduce((a, b) => a + b, 0) / 4 + 1e-8) + 1e-8;
      let bestX = 0;
      let bestF = Infinity;
      for (let k = 0; k <= 200000; k++) {
        const f = cagradObjective(g, 2, phi, [k / 200000, 1 - k / 200000]);
        if (f < bestF) [bestF, bestX] = [f, k / 200000];
      }
      const gw = combine(rows, [bestX, 1 - bestX]);
      const lambda = phi / (Math.sqrt(dotRows(gw, gw)) + 1e-8);
      const expected = [bestX, 1 - bestX].map((wi) => (0.5 + lambda * wi) / (1 + c * c));
      const weights = runOnce('cagrad', rows).weights ?? [];
      expected.forEach((v, i) =>
        expect(Math.abs(weights[i] - v)).toBeLessThan(1e-4 * (1 + Math.abs(v))),
      );
    }
  });

  it('Aligned-MTL: rows of BJ are orthogonal with equal norm √λ_min; B matches the 2×2 closed form', () => {
    for (const seed of SEEDS) {
      const rows = pair(seed);
      const g = gram(rows);
      const b = alignmentMatrix(g, 2, 'min');
      if (!b) throw new Error('rank 0');
      const bj = [combine(rows, [b[0], b[1]]), combine(rows, [b[2], b[3]])];
      const [a, off, c] = [g[0], g[1], g[3]];
      const root = Math.sqrt(((a - c) / 2) ** 2 + off * off);
      const lmin = (a + c) / 2 - root;
      expect(dotRows(bj[0], bj[1]) / lmin).toBeCloseTo(0, 9);
      expect(dotRows(bj[0], bj[0]) / lmin).toBeCloseTo(1, 9);
      expect(dotRows(bj[1], bj[1]) / lmin).toBeCloseTo(1, 9);
      // Closed form: B = √λmin (v1 v1ᵀ/√λ1 + v2 v2ᵀ/√λ2), eigenvector (b, λ − a).
      const expected = new Float64Array(4);
      for (const lam of [(a + c) / 2 + root, lmin]) {
        const v = off === 0 ? (lam === a ? [1, 0] : [0, 1]) : [off, lam - a];
        const len = Math.hypot(v[0], v[1]);
        const f = Math.sqrt(lmin / lam) / (len * len);
        expected[0] += f * v[0] * v[0];
        expected[1] += f * v[0] * v[1];
        expected[2] += f * v[1] * v[0];
        expected[3] += f * v[1] * v[1];
      }
      expected.forEach((v, k) => expect(b[k]).toBeCloseTo(v, 9));
      const weights = runOnce('alignedmtl', rows).weights ?? [];
      expect(weights[0]).toBeCloseTo(b[0] + b[1], 12);
      expect(weights[1]).toBeCloseTo(b[2] + b[3], 12);
    }
  });
});

describe('published fixtures and defining properties', () => {
  it('TorchJD UPGrad example: J = [[−4,1,1],[6,1,1]] → w ≈ [1.1109, 0.7894], d ≈ [0.2929, 1.9004, 1.9004]', () => {
    const rows = [Float64Array.of(-4, 1, 1), Float64Array.of(6, 1, 1)];
    const result = runOnce('upgrad', rows);
    expect(result.weights?.[0]).toBeCloseTo(1.1109, 4);
    expect(result.weights?.[1]).toBeCloseTo(0.7894, 4);
    const d = sharedUpdate(rows, result);
    [0.2929, 1.9004, 1.9004].forEach((v, k) => expect(d[k]).toBeCloseTo(v, 4));
  });

  it('IMTL-G: equal projections d·u_i for T = 3..6', () => {
    for (let t = 3; t <= 6; t++) {
      const rows = randomJacobian(t, t + 2, 50 + t, 1);
      const d = sharedUpdate(rows, runOnce('imtl', rows));
      const projections = rows.map((r) => dotRows(d, r) / Math.sqrt(dotRows(r, r)));
      projections.forEach((p) => expect(p / projections[0]).toBeCloseTo(1, 8));
    }
  });

  it('ConFIG: equal cosines with every task, length = Σ g_i·d̂', () => {
    for (let t = 2; t <= 6; t++) {
      const rows = randomJacobian(t, t + 3, 70 + t, 1);
      const d = sharedUpdate(rows, runOnce('config', rows));
      const cosines = rows.map((r) => cosine(d, r));
      cosines.forEach((c) => expect(c).toBeCloseTo(cosines[0], 8));
      const unit = d.map((v) => v / Math.sqrt(dotRows(d, d)));
      const length = rows.reduce((s, r) => s + dotRows(r, unit), 0);
      expect(Math.sqrt(dotRows(d, d))).toBeCloseTo(Math.abs(length), 8);
    }
  });

  it('GradVac starts from targets 0, so its first step equals PCGrad (same seed)', () => {
    for (const seed of SEEDS.slice(0, 8)) {
      const rows = randomJacobian(4, 5, seed, 1);
      const vac = runOnce('gradvac', rows, { seed: 3 }).weights ?? [];
      const pc = runOnce('pcgrad', rows, { seed: 3 }).weights ?? [];
      // Equal up to GradVac's 1e-8 guards in the cosine and the step.
      pc.forEach((v, i) => expect(vac[i] / v).toBeCloseTo(1, 6));
    }
  });

  it('CAGrad with c = 0 is the mean gradient', () => {
    const rows = randomJacobian(3, 4, 5);
    const w = runOnce('cagrad', rows, { options: { c: 0 } }).weights ?? [];
    w.forEach((v) => expect(v).toBeCloseTo(1 / 3, 6));
  });
});
