/**
 * Multi-task gain Δm, LibMTL convention (mtl-methods reference §5.1): the mean over tasks of the
 * relative improvement over the single-task (STL) baseline, in percent; higher is better and STL
 * itself scores 0. Every task counts equally and contributes exactly one metric:
 *   regression  test MSE (lower is better):  100 * (MSE_stl - MSE) / MSE_stl
 *   binary      test AUC (higher is better): 100 * (AUC - AUC_stl) / AUC_stl
 *   multiclass  test accuracy (higher):      100 * (acc - acc_stl) / acc_stl
 * Regression uses MSE rather than R^2 or explained variance because MSE is always positive, so
 * the relative change is well defined even when the baseline's R^2 is near or below zero.
 * Δm = (1/T) * sum_t improvement_t.
 */
import type { TaskInfo } from '../data/types';
import type { TaskMetrics } from './types';

export const DELTA_M_CONVENTION =
  'Δm = mean over tasks of the % improvement over single-task (STL) training; higher is better. ' +
  'Regression: test MSE (lower is better); binary: test AUC; multiclass: test accuracy.';

export interface DeltaM {
  /** Percent; NaN when some task's metric is undefined. */
  deltaM: number;
  perTask: number[];
  metric: ('mse' | 'auc' | 'accuracy')[];
}

export function taskMetricFor(kind: TaskInfo['kind']): 'mse' | 'auc' | 'accuracy' {
  return kind === 'regression' ? 'mse' : kind === 'binary' ? 'auc' : 'accuracy';
}

function value(m: TaskMetrics, metric: 'mse' | 'auc' | 'accuracy'): number {
  if (metric === 'mse') return m.loss;
  return (metric === 'auc' ? m.auc : m.accuracy) ?? NaN;
}

export function deltaM(tasks: TaskInfo[], model: TaskMetrics[], baseline: TaskMetrics[]): DeltaM {
  const metric = tasks.map((t) => taskMetricFor(t.kind));
  const perTask = tasks.map((_, t) => {
    const n = value(model[t], metric[t]);
    const b = value(baseline[t], metric[t]);
    const gain = metric[t] === 'mse' ? (b - n) / b : (n - b) / b;
    return 100 * gain;
  });
  return { deltaM: perTask.reduce((a, b) => a + b, 0) / tasks.length, perTask, metric };
}
