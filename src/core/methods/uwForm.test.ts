/** UW's paper form (reference seed-systems §11.2): factor 1 for classification tasks. */
import { expect, it } from 'vitest';
import { getMethod, resolveOptions } from './registry';
import { seededUniform } from './random';
import type { TaskKind } from '../config/schema';

/** Train s with fixed losses until it settles; returns e^{s}. */
function fixedPoint(form: string, kinds: TaskKind[], losses: number[]): number[] {
  const def = getMethod('uw');
  const method = def.create({
    tasks: kinds.length,
    options: resolveOptions(def, { form, weight_lr: 0.05 }),
    learningRate: 1e-3,
    random: seededUniform(1),
    taskKinds: kinds,
  });
  for (let k = 0; k < 6000; k++) method.observe!(Float64Array.from(losses));
  return method.state!().logVariance.map(Math.exp);
}

it('LibMTL form: e^{s} → ℓ for every task kind', () => {
  const e = fixedPoint('libmtl', ['regression', 'binary'], [0.4, 0.3]);
  expect(e[0]).toBeCloseTo(0.4, 3);
  expect(e[1]).toBeCloseTo(0.3, 3);
});

it('paper form: e^{s} → ℓ for regression and → 2ℓ for classification (factor 1)', () => {
  const e = fixedPoint('paper', ['regression', 'binary', 'multiclass'], [0.4, 0.3, 0.2]);
  expect(e[0]).toBeCloseTo(0.4, 3);
  expect(e[1]).toBeCloseTo(0.6, 3);
  expect(e[2]).toBeCloseTo(0.4, 3);
});

it('paper form weights a classification task by e^{−s} (twice the LibMTL weight at equal s)', () => {
  const def = getMethod('uw');
  const make = (form: string) =>
    def.create({
      tasks: 2,
      options: resolveOptions(def, { form }),
      learningRate: 1e-3,
      random: seededUniform(1),
      taskKinds: ['regression', 'binary'],
    });
  const libmtl = make('libmtl').aggregate({ step: 0, stepsPerEpoch: 1 }).weights!;
  const paper = make('paper').aggregate({ step: 0, stepsPerEpoch: 1 }).weights!;
  expect(paper[0]).toBe(libmtl[0]);
  expect(paper[1]).toBeCloseTo(2 * libmtl[1], 14);
  expect(paper[1]).toBeCloseTo(Math.exp(0.5), 14);
});
