/**
 * Δm in words: beside the one number, each task's relative change (what Δm averages) and a flag
 * when a task's single-task baseline is so good that a small absolute difference becomes a huge
 * relative one. Example: Δm −162 % with task_0 at −340 % (MSE 0.074 against 0.017 alone) and
 * task_1 at +16 % says "one task got much worse", not "everything got worse".
 */
import type { TaskInfo } from '../data/types';
import { deltaM, type DeltaM } from './deltaM';
import type { TaskMetrics } from './types';

/**
 * A regression baseline explaining at least this share of the label variance (R² ≥ 0.95, i.e.
 * MSE ≤ 5 % of the label variance) makes relative MSE changes explode: doubling a tiny error
 * is −100 %.
 */
export const TINY_BASELINE_R2 = 0.95;

export interface TaskChange {
  task: string;
  metric: DeltaM['metric'][number];
  /** Percent improvement over the baseline (the term Δm averages). */
  change: number;
  value: number;
  baseline: number;
  /** The baseline is so close to perfect that this task's relative change is inflated. */
  tinyBaseline: boolean;
}

export interface DeltaMExplanation {
  deltaM: number;
  tasks: TaskChange[];
  /** One line on what the number means. */
  meaning: string;
}

const metricValue = (m: TaskMetrics, metric: TaskChange['metric']): number =>
  metric === 'mse' ? m.loss : ((metric === 'auc' ? m.auc : m.accuracy) ?? NaN);

function pct(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const r = Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)} %`;
}

export function explainDeltaM(
  tasks: TaskInfo[],
  model: TaskMetrics[],
  baseline: TaskMetrics[],
): DeltaMExplanation {
  const d = deltaM(tasks, model, baseline);
  const changes: TaskChange[] = tasks.map((t, i) => ({
    task: t.name,
    metric: d.metric[i],
    change: d.perTask[i],
    value: metricValue(model[i], d.metric[i]),
    baseline: metricValue(baseline[i], d.metric[i]),
    tinyBaseline: d.metric[i] === 'mse' && (baseline[i].r2 ?? -Infinity) >= TINY_BASELINE_R2,
  }));
  return { deltaM: d.deltaM, tasks: changes, meaning: meaningOf(d.deltaM, changes) };
}

function meaningOf(dm: number, changes: TaskChange[]): string {
  if (!Number.isFinite(dm)) return 'Δm is undefined: some task has no metric on the test split.';
  const n = changes.length;
  const worse = changes.filter((c) => c.change < 0);
  const better = changes.filter((c) => c.change > 0);
  const [biggest] = [...changes].sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  const share =
    Math.abs(biggest.change) /
    Math.max(
      1e-12,
      changes.reduce((a, c) => a + Math.abs(c.change), 0),
    );
  let line = `Δm ${pct(dm)} is the mean of ${n} relative changes against training each task alone: ${better.length} better, ${worse.length} worse.`;
  if (n > 1 && share > 0.6) {
    const verb = biggest.change < 0 ? 'worse' : 'better';
    line += ` Most of it is ${biggest.task} (${pct(biggest.change)}: ${biggest.metric} ${biggest.value.toPrecision(3)} against ${biggest.baseline.toPrecision(3)} alone), so read it as one task doing much ${verb}, not all of them.`;
  }
  const tiny = changes.filter((c) => c.tinyBaseline);
  if (tiny.length) {
    line += ` ${tiny.map((c) => c.task).join(', ')}: the single-task MSE is tiny (R² ≥ ${TINY_BASELINE_R2} alone), so small absolute differences become large percentages.`;
  }
  return line;
}

export { pct as formatPercentChange };
