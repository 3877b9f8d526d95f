/**
 * Pure helpers of the correlation editor: the matrix the controls show, symmetric pair edits,
 * and resizing when the task count changes. Validity (positive semidefiniteness) is not decided
 * here: the config validator reports it, and suggestSimilarity offers the nearest valid matrix.
 */
import type { DataConfig } from '../../../core/config/schema';
import { similarityFromConfig } from '../../../core/data/similarity';

/** The similarity matrix the config asks for, T x T (the rho matrix when no full matrix is set). */
export function editableMatrix(
  data: Pick<DataConfig, 'tasks' | 'rho' | 'correlation'>,
): number[][] {
  const P = similarityFromConfig(data);
  return P.length === data.tasks && P.every((row) => row.length === data.tasks)
    ? P
    : similarityFromConfig({ ...data, correlation: null });
}

/** Generated tasks are named task_0, task_1, ... (as in the generator's dataset). */
export const generatorTaskName = (index: number): string => `task_${index}`;

/** A copy of P with entries (i, j) and (j, i) set to `value`; the diagonal cannot be edited. */
export function setPair(P: number[][], i: number, j: number, value: number): number[][] {
  if (i === j) return P.map((row) => row.slice());
  return P.map((row, r) =>
    row.map((v, c) => ((r === i && c === j) || (r === j && c === i) ? value : v)),
  );
}

/** Every unordered pair (i < j) of T tasks, in reading order. */
export function taskPairs(tasks: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < tasks; i++) for (let j = i + 1; j < tasks; j++) pairs.push([i, j]);
  return pairs;
}

/** True when every off-diagonal entry equals `rho` (the matrix is what the shortcut would make). */
export function isEquicorrelation(P: number[][], rho: number, tolerance = 1e-9): boolean {
  return P.every((row, i) => row.every((v, j) => i === j || Math.abs(v - rho) <= tolerance));
}

/** Parse a typed matrix cell; NaN for text that is not a number in [-1, 1]. */
export function parseCell(text: string): number {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= -1 && value <= 1
    ? value
    : Number.NaN;
}
