/**
 * A sweep's definition (what a share link carries) and its cells: one or two axes of values ×
 * seeds, each cell a short run scored against its own single-task baseline. A seed sets both the
 * data seed and the weight seed, so every cell of a seed sees the same data where the axes leave
 * the data alone.
 */
import { validateConfig } from '../config/validate';
import type { LabConfig } from '../config/schema';
import { getSweepField, type SweepValue } from './fields';

export interface SweepAxis {
  field: string;
  values: SweepValue[];
}

/** What is read from a cell: Δm (%), or one task's test metric (its Δm metric: MSE, AUC or accuracy). */
export type SweepMetric = { kind: 'deltaM' } | { kind: 'task'; task: number };

export interface SweepDefinition {
  base: LabConfig;
  /** One or two axes. */
  axes: SweepAxis[];
  seeds: number[];
  /** Training steps per run. */
  steps: number;
  metric: SweepMetric;
}

export interface SweepCell {
  /** Stable key: values and seed. */
  key: string;
  x: SweepValue;
  /** Value of the second axis, or null. */
  y: SweepValue | null;
  seed: number;
  config: LabConfig;
}

export const MAX_SWEEP_CELLS = 400;

export function cellKey(x: SweepValue, y: SweepValue | null, seed: number): string {
  return JSON.stringify([x, y, seed]);
}

/** Every cell, in run order (seed innermost, so early cells already cover the first value). */
export function sweepCells(def: SweepDefinition): SweepCell[] {
  if (def.axes.length < 1 || def.axes.length > 2) throw new Error('a sweep has one or two axes');
  if (def.seeds.length < 1) throw new Error('a sweep needs at least one seed');
  if (!Number.isInteger(def.steps) || def.steps < 1)
    throw new Error('steps per run must be a whole number ≥ 1');
  const [ax, ay] = def.axes;
  const fx = getSweepField(ax.field);
  const fy = ay ? getSweepField(ay.field) : null;
  const ys: (SweepValue | null)[] = ay ? ay.values : [null];
  const total = ax.values.length * ys.length * def.seeds.length;
  if (total > MAX_SWEEP_CELLS)
    throw new Error(`a sweep of ${total} runs is too large (at most ${MAX_SWEEP_CELLS})`);
  const cells: SweepCell[] = [];
  for (const x of ax.values) {
    for (const y of ys) {
      for (const seed of def.seeds) {
        let config = fx.apply(def.base, x);
        if (fy && y !== null) config = fy.apply(config, y);
        config = {
          ...config,
          data: { ...config.data, seed },
          train: { ...config.train, weightSeed: seed },
        };
        const checked = validateConfig(config);
        if (!checked.ok) {
          throw new Error(
            `the run ${ax.field}=${x}${ay ? `, ${ay.field}=${y}` : ''} is invalid: ${checked.errors.join('; ')}`,
          );
        }
        cells.push({ key: cellKey(x, y, seed), x, y, seed, config: checked.value });
      }
    }
  }
  return cells;
}
