/**
 * IGBv1 and loss transforms under gradient methods (reference seed-systems §1 "Test properties").
 */
import { describe, expect, it } from 'vitest';
import { getMethod, resolveOptions } from '../registry';
import { seededUniform } from '../random';
import { combine, gram, inputFor, randomJacobian, sharedUpdate } from '../testing';
import type { MethodDefinition, MethodInstance } from '../types';
import { composeMethod } from './compose';
import { igbWeights, igbv1Transform } from './igbv1';
import { logLossesTransform } from './logLosses';

function create(def: MethodDefinition, tasks: number, options = {}): MethodInstance {
  return def.create({
    tasks,
    options: resolveOptions(def, options),
    learningRate: 1e-3,
    random: seededUniform(3),
  });
}

/** Feed `steps` identical loss vectors (steps 0..steps-1), then return the result at step `steps`. */
function igbAfter(losses: number[], base: number[], stepsPerEpoch = 4) {
  const method = create(getMethod('igbv1'), losses.length);
  const rows = randomJacobian(losses.length, 5, 1);
  for (let step = 0; step < 2 * stepsPerEpoch; step++)
    method.aggregate(inputFor(rows, { losses: base, step, stepsPerEpoch }));
  const result = method.aggregate(
    inputFor(rows, { losses, step: 2 * stepsPerEpoch, stepsPerEpoch }),
  );
  return { result, state: method.state!() };
}

describe('IGBv1', () => {
  it('before the base: w = 1 on log-losses, so the shared gradient is Σ g_i/ℓ_i', () => {
    const rows = randomJacobian(3, 6, 2);
    const losses = [0.5, 2, 4];
    const method = create(getMethod('igbv1'), 3);
    for (let step = 0; step < 8; step++) {
      const result = method.aggregate(inputFor(rows, { losses, step, stepsPerEpoch: 4 }));
      const expected = combine(
        rows,
        losses.map((l) => 1 / l),
      );
      sharedUpdate(rows, result).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
      expect(Array.from(result.headWeights)).toEqual(losses.map((l) => 1 / l));
    }
  });

  it('T = 2 closed form: ℓ = (0.9, 0.3), ℓ_base = 1 gives w = (1.29131, 0.70869), w/ℓ = (1.4348, 2.3623)', () => {
    const { result, state } = igbAfter([0.9, 0.3], [1, 1]);
    expect(state.igbWeights[0]).toBeCloseTo(1.29131, 5);
    expect(state.igbWeights[1]).toBeCloseTo(0.70869, 5);
    expect(result.weights![0]).toBeCloseTo(1.4348, 4);
    expect(result.weights![1]).toBeCloseTo(2.3623, 4);
    // w_1 = 2/(1 + exp(r_2 − r_1)) with r = ℓ/ℓ_base.
    expect(state.igbWeights[0]).toBeCloseTo(2 / (1 + Math.exp(0.3 - 0.9)), 12);
    expect(state.igbGap).toEqual([0.9, 0.3]);
  });

  it('Σw = T, w > 0, and ℓ = c·ℓ_base gives w = 1', () => {
    const random = seededUniform(5);
    for (let k = 0; k < 20; k++) {
      const T = 2 + (k % 5);
      const base = Array.from({ length: T }, () => 0.1 + 3 * random());
      const losses = base.map(() => 0.05 + 3 * random());
      const w = igbWeights(losses, base);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(T, 12);
      w.forEach((v) => expect(v).toBeGreaterThan(0));
      const c = 0.1 + random();
      igbWeights(
        base.map((b) => c * b),
        base,
      ).forEach((v) => expect(v).toBeCloseTo(1, 12));
    }
  });

  it('the base is the mean training loss of the base epoch (official default: the second)', () => {
    const method = create(getMethod('igbv1'), 2);
    const rows = randomJacobian(2, 3, 1);
    const at = (step: number, losses: number[]) =>
      method.aggregate(inputFor(rows, { losses, step, stepsPerEpoch: 2 }));
    at(0, [9, 9]);
    at(1, [9, 9]); // epoch 0: not in the base
    at(2, [1, 2]);
    at(3, [3, 2]); // epoch 1: base = (2, 2)
    at(4, [1, 1]);
    expect(method.state!().igbBase).toEqual([2, 2]);
    // A window of two epochs starting at epoch 0 averages all four steps.
    const wide = create(getMethod('igbv1'), 2, { base_epoch: 0, base_epochs: 2 });
    [
      [9, 9],
      [9, 9],
      [1, 2],
      [3, 2],
    ].forEach((l, step) => wide.aggregate(inputFor(rows, { losses: l, step, stepsPerEpoch: 2 })));
    wide.aggregate(inputFor(rows, { losses: [1, 1], step: 4, stepsPerEpoch: 2 }));
    expect(wide.state!().igbBase).toEqual([5.5, 5.5]);
  });

  it('a zero loss is clamped before the log: weights stay finite', () => {
    const { result } = igbAfter([0, 0.5], [1, 1]);
    result.weights!.forEach((w) => expect(Number.isFinite(w)).toBe(true));
  });
});

describe('loss transform under a gradient method', () => {
  const igbOn = (id: string) => composeMethod(getMethod(id), igbv1Transform);

  /** Shared update of `def` after the base was set from `base`, at the given losses. */
  function updateAfterBase(
    def: MethodDefinition,
    rows: Float64Array[],
    losses: number[],
    base: number[],
  ) {
    const method = create(def, rows.length);
    for (let step = 0; step < 8; step++)
      method.aggregate(inputFor(rows, { losses: base, step, stepsPerEpoch: 4 }));
    return sharedUpdate(
      rows,
      method.aggregate(inputFor(rows, { losses, step: 8, stepsPerEpoch: 4 })),
    );
  }

  it('IGB on top of Nash-MTL leaves the shared direction unchanged (scale invariance)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const rows = randomJacobian(3, 8, 100 + seed, 0.5);
      const losses = [0.9, 0.3, 1.7];
      const plain = updateAfterBase(getMethod('nashmtl'), rows, losses, [1, 1, 1]);
      const stacked = updateAfterBase(igbOn('nashmtl'), rows, losses, [1, 2, 1.5]);
      plain.forEach((v, k) => expect(stacked[k]).toBeCloseTo(v, 6));
    }
  });

  it('IGB on top of PCGrad changes the shared direction, and equals PCGrad on the rescaled gradients', () => {
    const rows = randomJacobian(2, 6, 7, 0.5);
    const losses = [0.9, 0.3];
    const plain = updateAfterBase(getMethod('pcgrad'), rows, losses, [1, 1]);
    const stacked = updateAfterBase(igbOn('pcgrad'), rows, losses, [1, 1]);
    const difference = Math.max(...plain.map((v, k) => Math.abs(v - stacked[k])));
    expect(difference).toBeGreaterThan(1e-3);
    // By hand: PCGrad on g'_i = (w_i/ℓ_i) g_i with w from the closed form.
    const w = igbWeights(losses, [1, 1]);
    const scaled = rows.map((r, i) => r.map((v) => (v * w[i]) / losses[i]));
    const direct = create(getMethod('pcgrad'), 2).aggregate(inputFor(scaled, { losses }));
    const expected = sharedUpdate(scaled, direct);
    expected.forEach((v, k) => expect(stacked[k]).toBeCloseTo(v, 10));
  });

  it('the method receives the transformed losses w_i·log ℓ_i and a consistent Gram matrix', () => {
    const seen: { losses?: Float64Array; gram?: Float64Array }[] = [];
    const spy: MethodDefinition = {
      ...getMethod('ew'),
      family: 'gradient',
      create: () => ({
        aggregate(input) {
          seen.push({ losses: input.losses, gram: input.gram });
          return { weights: new Float64Array([1, 1]), headWeights: new Float64Array([1, 1]) };
        },
      }),
    };
    const rows = randomJacobian(2, 4, 3);
    const result = create(composeMethod(spy, logLossesTransform), 2).aggregate(
      inputFor(rows, { losses: [2, 0.5] }),
    );
    expect(Array.from(seen[0].losses!)).toEqual([Math.log(2), Math.log(0.5)]);
    const expectedGram = gram(rows.map((r, i) => r.map((v) => v / [2, 0.5][i])));
    seen[0].gram!.forEach((v, k) => expect(v).toBeCloseTo(expectedGram[k], 12));
    expect(Array.from(result.weights!)).toEqual([0.5, 2]);
    expect(Array.from(result.headWeights)).toEqual([0.5, 2]);
  });
});
