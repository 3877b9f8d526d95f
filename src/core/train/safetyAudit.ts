/**
 * The safety audit of Deep Safe MTL (seed-systems reference §5, "Test properties"): for every task,
 * the run's test metric against single-task training (STL) with the same sizes and steps, and a
 * "negative sharing" flag where the run is worse than STL beyond seed noise.
 *
 * The STL baseline is trained on several weight seeds (the run's own first); its per-task mean is
 * the reference and its sample standard deviation over the seeds is the noise. A task is flagged
 * when the run is worse than the STL mean by more than `NOISE_FACTOR` standard deviations (and by
 * more than a relative 1e-6, so a bit-identical STL run is never flagged). With three seeds the
 * standard deviation is itself rough; the audit says so rather than hiding it. Metrics as Δm's
 * (deltaM.ts): regression test MSE (lower is better), binary AUC, multiclass accuracy.
 *
 * Any run can be audited; for DSMTL it checks the paper's promise, which is about optima of the
 * training objective (a = (0, 1) is the STL network), not about test error.
 */
import type { TaskInfo } from '../data/types';
import { taskMetricFor } from './deltaM';
import type { TaskMetrics } from './types';

/** How many STL standard deviations worse counts as negative sharing. */
export const NOISE_FACTOR = 2;

export interface TaskAudit {
  metric: 'mse' | 'auc' | 'accuracy';
  run: number;
  stlMean: number;
  stlStd: number;
  /** How much better the run is than the STL mean, in the metric's units (negative: worse). */
  gain: number;
  /** `NOISE_FACTOR` × stlStd: worse than STL by more than this is negative sharing. */
  tolerance: number;
  negative: boolean;
}

export interface SafetyAudit {
  tasks: TaskAudit[];
  /** How many tasks show negative sharing. */
  negativeCount: number;
  /** The weight seeds the STL baseline was trained on. */
  seeds: number[];
}

function metricValue(m: TaskMetrics, metric: TaskAudit['metric']): number {
  if (metric === 'mse') return m.loss;
  return (metric === 'auc' ? m.auc : m.accuracy) ?? NaN;
}

function meanStd(values: number[]): [mean: number, std: number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return [mean, 0];
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance)];
}

/** `stl[s][t]`: task t's test metrics of the STL run on seeds[s]. */
export function safetyAudit(
  tasks: TaskInfo[],
  run: TaskMetrics[],
  stl: TaskMetrics[][],
  seeds: number[],
): SafetyAudit {
  if (stl.length === 0 || stl.length !== seeds.length) {
    throw new Error('the safety audit needs one STL result per seed');
  }
  const audits = tasks.map((task, t): TaskAudit => {
    const metric = taskMetricFor(task.kind);
    const value = metricValue(run[t], metric);
    const [stlMean, stlStd] = meanStd(stl.map((r) => metricValue(r[t], metric)));
    const gain = metric === 'mse' ? stlMean - value : value - stlMean;
    const tolerance = NOISE_FACTOR * stlStd;
    const negative = -gain > Math.max(tolerance, 1e-6 * Math.abs(stlMean));
    return { metric, run: value, stlMean, stlStd, gain, tolerance, negative };
  });
  return {
    tasks: audits,
    negativeCount: audits.filter((a) => a.negative).length,
    seeds,
  };
}

/** The weight seeds of the audit's STL runs: the run's own, then the next ones. */
export function auditSeeds(weightSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (weightSeed + i) % 2 ** 31);
}
