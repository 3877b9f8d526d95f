/**
 * Histories behind the microscope views, taken from the snapshots the run store receives: one
 * point per new conflict measurement, per method step seen, per new gate/test evaluation. Bounded
 * like the loss history: when full, every other point is dropped. Pure functions, unit-tested.
 */
import type { Snapshot } from '../core/train/types';

export interface SeriesPoint {
  step: number;
  values: number[];
}

export interface Series {
  points: SeriesPoint[];
  capacity: number;
}

export const SERIES_CAPACITY = 600;

export function emptySeries(capacity = SERIES_CAPACITY): Series {
  return { points: [], capacity };
}

/** Append a point (replacing one of the same step); returns a new series. */
export function appendPoint(series: Series, point: SeriesPoint): Series {
  const last = series.points[series.points.length - 1];
  let points =
    last && point.step <= last.step
      ? [...series.points.slice(0, -1), point]
      : [...series.points, point];
  if (points.length > series.capacity) {
    points = points.filter((_, index) => index % 2 === 0 || index === points.length - 1);
  }
  return { ...series, points };
}

/** Smoothing of the conflict rate: EMA over conflict measurements, weight of the newest. */
export const CONFLICT_EMA_ALPHA = 0.1;

export const CONFLICT_RATE_DEFINITION =
  'Conflict rate: the share of task pairs (i < j) whose gradients on the shared parameters have ' +
  'negative cosine at a measured step (PCGrad’s definition of a conflict), smoothed by an ' +
  `exponential moving average over measurements (weight ${CONFLICT_EMA_ALPHA} on the newest).`;

/** Upper-triangle pairs (i < j) in row order. */
export function taskPairs(tasks: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < tasks; i++) for (let j = i + 1; j < tasks; j++) pairs.push([i, j]);
  return pairs;
}

export interface MicroscopeHistory {
  runId: number;
  /** Pair cosines, upper triangle in taskPairs order. */
  cosines: Series;
  /** [instantaneous conflict rate, its EMA, condition number]. */
  conflictRate: Series;
  methodWeights: Series;
  /** Gates flattened task-major ([t * E + e]). */
  gates: Series;
  /** Test loss per task at each new evaluation (the Pareto view's trajectory). */
  testLoss: Series;
  /** MMoEEx's expert-diversity score at each new evaluation (gated architectures). */
  diversity: Series;
  rateEma: number | null;
}

export function emptyMicroscopeHistory(runId: number): MicroscopeHistory {
  return {
    runId,
    cosines: emptySeries(),
    conflictRate: emptySeries(),
    methodWeights: emptySeries(),
    gates: emptySeries(),
    testLoss: emptySeries(),
    diversity: emptySeries(),
    rateEma: null,
  };
}

function sameNumbers(a: number[] | undefined, b: number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** Fold one snapshot into the history (a new run id starts from empty). */
export function recordSnapshot(
  history: MicroscopeHistory,
  snapshot: Snapshot & { runId: number },
): MicroscopeHistory {
  let next = snapshot.runId === history.runId ? history : emptyMicroscopeHistory(snapshot.runId);
  const { conflict } = snapshot;
  const lastConflict = next.conflictRate.points[next.conflictRate.points.length - 1];
  if (conflict && (!lastConflict || conflict.step !== lastConflict.step)) {
    const ema =
      next.rateEma === null
        ? conflict.conflictRate
        : CONFLICT_EMA_ALPHA * conflict.conflictRate + (1 - CONFLICT_EMA_ALPHA) * next.rateEma;
    const pairs = taskPairs(conflict.cosine.length).map(([i, j]) => conflict.cosine[i][j]);
    next = {
      ...next,
      rateEma: ema,
      cosines: appendPoint(next.cosines, { step: conflict.step, values: pairs }),
      conflictRate: appendPoint(next.conflictRate, {
        step: conflict.step,
        values: [conflict.conflictRate, ema, conflict.conditionNumber],
      }),
    };
  }
  if (snapshot.methodWeights && snapshot.step > 0) {
    next = {
      ...next,
      methodWeights: appendPoint(next.methodWeights, {
        step: snapshot.step,
        values: snapshot.methodWeights,
      }),
    };
  }
  const gates = snapshot.gates?.flat();
  if (gates && !sameNumbers(next.gates.points.at(-1)?.values, gates)) {
    next = { ...next, gates: appendPoint(next.gates, { step: snapshot.step, values: gates }) };
  }
  const diversity = snapshot.diversity ? [snapshot.diversity.score] : null;
  if (diversity && !sameNumbers(next.diversity.points.at(-1)?.values, diversity)) {
    const point = { step: snapshot.testStep ?? snapshot.step, values: diversity };
    next = { ...next, diversity: appendPoint(next.diversity, point) };
  }
  const test = snapshot.testLoss;
  if (test.every(Number.isFinite) && !sameNumbers(next.testLoss.points.at(-1)?.values, test)) {
    next = { ...next, testLoss: appendPoint(next.testLoss, { step: snapshot.step, values: test }) };
  }
  return next;
}
