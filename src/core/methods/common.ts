/**
 * Helpers shared by the method files: reading the engine's input with a clear error when a
 * method is called without what its `needs` declares, option getters, and small vector helpers.
 */
import { gramOfRows } from './solvers/dense';
import type { MethodInput, MethodOptions } from './types';

export function ones(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}

/** The Gram matrix from the input, computing it from the Jacobian when only that was read back. */
export function gramOf(input: MethodInput, tasks: number, method: string): Float64Array {
  if (input.gram && input.gram.length === tasks * tasks) return input.gram;
  if (input.jacobian && input.jacobian.length === tasks) return gramOfRows(input.jacobian);
  throw new Error(
    `method "${method}" needs the ${tasks}x${tasks} Gram matrix of the task gradients`,
  );
}

export function jacobianOf(input: MethodInput, tasks: number, method: string): Float64Array[] {
  const rows = input.jacobian;
  if (!rows || rows.length !== tasks) {
    throw new Error(`method "${method}" needs the full task Jacobian (${tasks} gradient rows)`);
  }
  return rows;
}

export function lossesOf(input: MethodInput, tasks: number, method: string): Float64Array {
  const losses = input.losses;
  if (!losses || losses.length !== tasks)
    throw new Error(`method "${method}" needs the ${tasks} task losses`);
  return losses;
}

export function numberOption(options: MethodOptions, key: string): number {
  const value = options[key];
  if (typeof value !== 'number') throw new Error(`option "${key}" must be a number`);
  return value;
}

export function stringOption(options: MethodOptions, key: string): string {
  const value = options[key];
  if (typeof value !== 'string') throw new Error(`option "${key}" must be a string`);
  return value;
}

/** n_i = √G_ii, clamped at 0 against float32 round-off. */
export function taskNorms(gram: Float64Array, tasks: number): Float64Array {
  const out = new Float64Array(tasks);
  for (let i = 0; i < tasks; i++) out[i] = Math.sqrt(Math.max(gram[i * tasks + i], 0));
  return out;
}

/**
 * Tasks whose shared gradient is not (numerically) zero. A task without labelled rows in the batch
 * has g_i = 0, which breaks every normalisation by ‖g_i‖ (reference §7.4); methods mask it.
 */
export function nonZeroTasks(gram: Float64Array, tasks: number): number[] {
  const norms = taskNorms(gram, tasks);
  const largest = Math.max(0, ...norms);
  const out: number[] = [];
  for (let i = 0; i < tasks; i++) if (norms[i] > 1e-10 * largest && norms[i] > 1e-150) out.push(i);
  return out;
}

export function softmax(x: ArrayLike<number>, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i] / temperature);
  const out = new Float64Array(x.length);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(x[i] / temperature - max);
    total += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= total;
  return out;
}

/** Scatter values solved on a subset of tasks back to all T, with `fill` elsewhere. */
export function scatter(
  values: ArrayLike<number>,
  indices: readonly number[],
  tasks: number,
  fill: number,
): Float64Array {
  const out = new Float64Array(tasks).fill(fill);
  indices.forEach((task, k) => (out[task] = values[k]));
  return out;
}
