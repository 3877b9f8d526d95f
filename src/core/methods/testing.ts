/**
 * Test helpers (imported only by *.test.ts): random Jacobians, the Gram matrix, d = Jᵀw, and a
 * one-call way to run a registered method the way the engine would.
 */
import { gramOfRows } from './solvers/dense';
import { normalSampler, seededUniform } from './random';
import { getMethod, resolveOptions } from './registry';
import type { MethodInput, MethodResult } from './types';

export function randomJacobian(
  tasks: number,
  params: number,
  seed: number,
  spreadDecades = 0,
): Float64Array[] {
  const random = seededUniform(seed);
  const normal = normalSampler(random);
  return Array.from({ length: tasks }, () => {
    const scale = Math.pow(10, spreadDecades * (2 * random() - 1));
    return Float64Array.from({ length: params }, () => scale * normal());
  });
}

export const gram = gramOfRows;

export function combine(rows: readonly Float64Array[], weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows[0].length);
  rows.forEach((row, i) => row.forEach((v, k) => (out[k] += weights[i] * v)));
  return out;
}

export function dotRows(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export interface RunOptions {
  losses?: number[];
  options?: Record<string, unknown>;
  seed?: number;
  step?: number;
  stepsPerEpoch?: number;
}

/** Create the method and call aggregate once with everything it could need. */
export function runOnce(id: string, rows: Float64Array[], run: RunOptions = {}): MethodResult {
  const definition = getMethod(id);
  const tasks = rows.length;
  const instance = definition.create({
    tasks,
    options: resolveOptions(definition, run.options ?? {}),
    learningRate: 1e-3,
    random: seededUniform(run.seed ?? 7),
  });
  return instance.aggregate(inputFor(rows, run));
}

export function inputFor(rows: Float64Array[], run: RunOptions = {}): MethodInput {
  return {
    step: run.step ?? 0,
    stepsPerEpoch: run.stepsPerEpoch ?? 10,
    losses: Float64Array.from(run.losses ?? rows.map(() => 1)),
    gram: gramOfRows(rows),
    jacobian: rows,
  };
}

/** The shared update the engine would apply (before clipping). */
export function sharedUpdate(rows: Float64Array[], result: MethodResult): Float64Array {
  if (result.weights) return combine(rows, result.weights);
  if (!result.direction) throw new Error('method returned neither weights nor direction');
  return result.direction;
}
