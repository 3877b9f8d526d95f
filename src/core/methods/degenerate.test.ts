/**
 * Degenerate inputs for EVERY registered method: a zero gradient, two identical gradients,
 * exactly opposite gradients, all gradients zero, and a single task. Each method runs a few steps
 * (aggregate + observe, with lossesAfter) and must keep everything finite; the documented
 * behaviour of the key methods is checked as well.
 */
import { describe, expect, it } from 'vitest';
import { seededUniform } from './random';
import { getMethod, METHOD_IDS, resolveOptions } from './registry';
import { dotRows, inputFor, runOnce, sharedUpdate } from './testing';
import type { MethodResult } from './types';

const g = Float64Array.of(1, 2, -0.5, 0.25);
const h = Float64Array.of(-0.3, 1, 2, 0.5);
const CASES: Record<string, Float64Array[]> = {
  'a zero gradient': [g, new Float64Array(4), h],
  'two identical gradients': [g, Float64Array.from(g), h],
  'opposite gradients': [g, g.map((v) => -v)],
  'all gradients zero': [new Float64Array(4), new Float64Array(4)],
  'a single task': [g],
};

function finite(result: MethodResult, tasks: number, params: number) {
  expect(result.headWeights.length).toBe(tasks);
  expect(Array.from(result.headWeights).every(Number.isFinite)).toBe(true);
  if (result.weights) expect(Array.from(result.weights).every(Number.isFinite)).toBe(true);
  else {
    expect(result.direction?.length).toBe(params);
    expect(Array.from(result.direction ?? []).every(Number.isFinite)).toBe(true);
  }
  if (result.clipNorm !== undefined) expect(result.clipNorm).toBeGreaterThan(0);
}

describe.each(METHOD_IDS)('%s on degenerate inputs', (id) => {
  it.each(Object.keys(CASES))('%s: finite for several steps', (name) => {
    const rows = CASES[name];
    const definition = getMethod(id);
    const instance = definition.create({
      tasks: rows.length,
      options: resolveOptions(definition, {}),
      learningRate: 1e-3,
      random: seededUniform(5),
    });
    for (let step = 0; step < 6; step++) {
      const losses = rows.map((_, i) => (name === 'all gradients zero' ? 0 : 0.5 + i / (step + 1)));
      const result = instance.aggregate(inputFor(rows, { losses, step, stepsPerEpoch: 1 }));
      finite(result, rows.length, 4);
      instance.observe?.(Float64Array.from(losses), Float64Array.from(losses.map((l) => 0.9 * l)));
      const state = instance.state?.() ?? {};
      Object.values(state).forEach((values) => expect(values.every(Number.isFinite)).toBe(true));
    }
  });
});

describe('documented degenerate behaviour', () => {
  const norm = (v: ArrayLike<number>) => Math.sqrt(dotRows(v, v));

  it('MGDA: a zero gradient is in the hull, so the update is 0 (Pareto-stationary)', () => {
    const rows = CASES['a zero gradient'];
    expect(norm(sharedUpdate(rows, runOnce('mgda', rows)))).toBeLessThan(1e-12);
  });

  it('opposite gradients: MGDA, UPGrad, IMTL, ConFIG, Aligned-MTL and PCGrad give a zero update', () => {
    const rows = CASES['opposite gradients'];
    for (const id of ['mgda', 'upgrad', 'imtl', 'config', 'alignedmtl', 'pcgrad']) {
      expect(norm(sharedUpdate(rows, runOnce(id, rows)))).toBeLessThan(1e-9 * norm(g));
    }
  });

  it('Nash-MTL and FairGrad mask a zero-gradient task: shared weight 0, head weight 1', () => {
    const rows = CASES['a zero gradient'];
    for (const id of ['nashmtl', 'fairgrad']) {
      const result = runOnce(id, rows);
      expect(result.weights?.[1]).toBe(0);
      expect(result.headWeights[1]).toBe(1);
    }
  });

  it('identical gradients: PCGrad and UPGrad leave them untouched (no conflict)', () => {
    const rows = CASES['two identical gradients'].slice(0, 2);
    const pc = runOnce('pcgrad', rows).weights ?? [];
    expect(Array.from(pc)).toEqual([1, 1]);
    const up = runOnce('upgrad', rows).weights ?? [];
    expect(up[0]).toBeCloseTo(up[1], 12);
  });
});
