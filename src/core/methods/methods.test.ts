/**
 * Behaviour of the stateful and loss-based methods over several steps: each test drives the
 * instance the way the engine does (aggregate, then observe) and checks the documented dynamics.
 */
import { describe, expect, it } from 'vitest';
import { seededUniform } from './random';
import { getMethod, resolveOptions } from './registry';
import { combine, dotRows, inputFor, randomJacobian, runOnce } from './testing';
import type { MethodInstance } from './types';

function make(
  id: string,
  tasks: number,
  options: Record<string, unknown> = {},
  learningRate = 1e-3,
): MethodInstance {
  const definition = getMethod(id);
  return definition.create({
    tasks,
    options: resolveOptions(definition, options),
    learningRate,
    random: seededUniform(11),
  });
}

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('loss weighting', () => {
  it('EW sums (weights 1, heads 1)', () => {
    const r = runOnce('ew', randomJacobian(3, 2, 1));
    expect(Array.from(r.weights ?? [])).toEqual([1, 1, 1]);
    expect(Array.from(r.headWeights)).toEqual([1, 1, 1]);
  });

  it('RLW: softmax weights sum to 1, differ per step, average to 1/T, reproducible from the seed', () => {
    const a = make('rlw', 4);
    const b = make('rlw', 4);
    const mean = new Float64Array(4);
    for (let step = 0; step < 4000; step++) {
      const w = Array.from(a.aggregate(inputFor(randomJacobian(4, 2, 1))).weights ?? []);
      const v = b.aggregate(inputFor(randomJacobian(4, 2, 1))).weights ?? [];
      expect(Array.from(w)).toEqual(Array.from(v));
      expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      w.forEach((x, i) => (mean[i] += x / 4000));
    }
    mean.forEach((m) => expect(m).toBeCloseTo(0.25, 2));
  });

  it('UW: starts at 1/(2e^−0.5) ≈ 0.824 and converges to 1/(2ℓ_i)', () => {
    const uw = make('uw', 2, { weight_lr: 0.05 });
    const first = uw.aggregate(inputFor(randomJacobian(2, 2, 1))).weights ?? [];
    first.forEach((w) => expect(w).toBeCloseTo(1 / (2 * Math.exp(-0.5)), 12));
    for (let k = 0; k < 3000; k++) uw.observe?.(f64([0.2, 4]));
    const w = uw.aggregate(inputFor(randomJacobian(2, 2, 1))).weights ?? [];
    expect(w[0]).toBeCloseTo(1 / (2 * 0.2), 1);
    expect(w[1]).toBeCloseTo(1 / (2 * 4), 2);
  });

  it('DWA: ones until 2W observations, then T·softmax(r/Temp) favouring the slower task', () => {
    const dwa = make('dwa', 2, { window: 3 });
    const rows = randomJacobian(2, 2, 1);
    for (let step = 0; step < 6; step++) {
      expect(Array.from(dwa.aggregate(inputFor(rows)).weights ?? [])).toEqual([1, 1]);
      dwa.observe?.(f64([1 / (step + 1), 1]));
    }
    const w = dwa.aggregate(inputFor(rows)).weights ?? [];
    const r0 = (1 / 4 + 1 / 5 + 1 / 6) / (1 + 1 / 2 + 1 / 3);
    const e0 = Math.exp(r0 / 2);
    const e1 = Math.exp(1 / 2);
    expect(w[0]).toBeCloseTo((2 * e0) / (e0 + e1), 12);
    expect(w[1]).toBeCloseTo((2 * e1) / (e0 + e1), 12);
    expect(w[1]).toBeGreaterThan(w[0]);
  });

  it('FAMO: first weights (1/ℓ_i)/Σ(1/ℓ_j); shifts weight toward the task that improved less', () => {
    const famo = make('famo', 2);
    const w = famo.aggregate(inputFor(randomJacobian(2, 2, 1), { losses: [1, 4] })).weights ?? [];
    expect(w[0]).toBeCloseTo(0.8, 7); // up to the 1e-8 in D_i
    expect(w[1]).toBeCloseTo(0.2, 7);
    for (let k = 0; k < 50; k++) famo.observe?.(f64([1, 1]), f64([0.5, 0.99]));
    const after =
      famo.aggregate(inputFor(randomJacobian(2, 2, 1), { losses: [1, 1] })).weights ?? [];
    expect(after[1]).toBeGreaterThan(0.6);
    expect(after[0] + after[1]).toBeCloseTo(1, 12);
  });

  it('STCH: 1/ℓ in warm-up, nadir from the warm-up epoch, then T·softmax(log(ℓ/z)/μ)/ℓ', () => {
    const stch = make('stch', 2, { warmup_epoch: 1 });
    const rows = randomJacobian(2, 2, 1);
    const at = (step: number, losses: number[]) =>
      stch.aggregate(inputFor(rows, { losses, step, stepsPerEpoch: 2 })).weights ?? [];
    expect(at(0, [2, 4])[0]).toBeCloseTo(0.5, 6);
    at(1, [2, 4]);
    at(2, [1, 2]);
    at(3, [3, 2]); // epoch 1: nadir = (2, 2)
    const w = at(4, [1, 4]);
    const p = [Math.exp(Math.log(0.5)), Math.exp(Math.log(2))];
    const total = p[0] + p[1];
    expect(w[0]).toBeCloseTo((2 * p[0]) / total / 1, 6);
    expect(w[1]).toBeCloseTo((2 * p[1]) / total / 4, 6);
  });
});

describe('gradient methods with state', () => {
  it('GradNorm: starts at w = 1 and lowers the weight of the task with the larger gradient', () => {
    const gn = make('gradnorm', 2, { weight_lr: 0.01 });
    const rows = [Float64Array.of(10, 0), Float64Array.of(0, 1)];
    const first = gn.aggregate(inputFor(rows, { losses: [1, 1] })).weights ?? [];
    expect(Array.from(first)).toEqual([1, 1]);
    let w = first;
    for (let k = 0; k < 100; k++)
      w = gn.aggregate(inputFor(rows, { losses: [1, 1] })).weights ?? [];
    expect(w[0]).toBeLessThan(0.7);
    expect(w[0] + w[1]).toBeCloseTo(2, 12);
  });

  it('IMTL: IMTL-L drives e^{s_i}ℓ_i toward 1; heads get e^{s_i}', () => {
    const imtl = make('imtl', 2, { weight_lr: 0.05 });
    for (let k = 0; k < 3000; k++) imtl.observe?.(f64([0.25, 2]));
    const r = imtl.aggregate(inputFor(randomJacobian(2, 3, 1), { losses: [0.25, 2] }));
    expect(r.headWeights[0] * 0.25).toBeCloseTo(1, 1);
    expect(r.headWeights[1] * 2).toBeCloseTo(1, 1);
  });

  it('DB-MTL: first direction Σ α_i (1−β) g_i/ℓ_i with α_i = max‖m‖/‖m_i‖; heads 1/ℓ', () => {
    const rows = [Float64Array.of(2, 0, 0), Float64Array.of(0, 1, 1)];
    const losses = [2, 0.5];
    const r = runOnce('dbmtl', rows, { losses });
    const m = rows.map((row, i) => row.map((v) => (0.1 * v) / (losses[i] + 1e-8)));
    const norms = m.map((v) => Math.sqrt(dotRows(v, v)));
    const largest = Math.max(...norms);
    const want = combine(
      m,
      norms.map((n) => largest / (n + 1e-8)),
    );
    r.direction?.forEach((v, k) => expect(v).toBeCloseTo(want[k], 9));
    expect(r.weights).toBeNull();
    expect(r.headWeights[0]).toBeCloseTo(0.5, 6);
    expect(r.headWeights[1]).toBeCloseTo(2, 6);
  });

  it('GradDrop: agreeing signs keep everything; with leak 1 it is the sum; conflicts keep one sign', () => {
    const agree = [Float64Array.of(1, -2, 3), Float64Array.of(2, -1, 1)];
    expect(Array.from(runOnce('graddrop', agree).direction ?? [])).toEqual([3, -3, 4]);
    const conflict = [Float64Array.of(1, -2, 3), Float64Array.of(-2, 1, -1)];
    expect(
      Array.from(runOnce('graddrop', conflict, { options: { leak: 1 } }).direction ?? []),
    ).toEqual([-1, -1, 2]);
    const d = runOnce('graddrop', conflict).direction ?? [];
    d.forEach((v, k) => expect([conflict[0][k], conflict[1][k]]).toContain(v));
  });

  it('Nash-MTL: update_weights_every reuses α between updates', () => {
    const nash = make('nashmtl', 2, { update_weights_every: 3 });
    const a = randomJacobian(2, 3, 1);
    const b = randomJacobian(2, 3, 2);
    const w0 = nash.aggregate(inputFor(a)).weights ?? [];
    const w1 = nash.aggregate(inputFor(b)).weights ?? [];
    const w2 = nash.aggregate(inputFor(b)).weights ?? [];
    const w3 = nash.aggregate(inputFor(b)).weights ?? [];
    expect(Array.from(w1)).toEqual(Array.from(w0));
    expect(Array.from(w2)).toEqual(Array.from(w0));
    expect(Array.from(w3)).not.toEqual(Array.from(w0));
  });

  it('GradVac: the EMA targets move toward the observed cosines', () => {
    const vac = make('gradvac', 2);
    const rows = [Float64Array.of(1, 0), Float64Array.of(1, 1)];
    vac.aggregate(inputFor(rows));
    const targets = vac.state?.().targets ?? [];
    expect(targets[1]).toBeCloseTo(0.5 * Math.SQRT1_2, 6);
  });
});
