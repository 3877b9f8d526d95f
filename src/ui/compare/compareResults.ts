/** The results table of compared runs: per-task test metrics and Δm vs the STL run. Pure. */
import type { LabConfig } from '../../core/config/schema';
import type { TaskInfo } from '../../core/data/types';
import { deltaM } from '../../core/train/deltaM';
import type { TaskMetrics } from '../../core/train/types';
import type { ResultsRow } from '../share/exportTables';

/** Index of the baseline: the first run with the STL architecture, or -1. */
export function stlIndex(configs: readonly LabConfig[]): number {
  return configs.findIndex((c) => c.model.architecture === 'stl');
}

export function resultsRows(
  labels: readonly string[],
  configs: readonly LabConfig[],
  tasks: TaskInfo[],
  metrics: readonly TaskMetrics[][],
  steps: readonly number[],
): ResultsRow[] {
  const baseline = stlIndex(configs);
  return metrics.map((m, i) => ({
    label: labels[i] ?? `run ${i + 1}`,
    architecture: configs[i]?.model.architecture ?? '',
    method: configs[i]?.train.method ?? '',
    step: steps[i] ?? 0,
    metrics: m,
    deltaM: baseline >= 0 ? deltaM(tasks, m, metrics[baseline]).deltaM : NaN,
  }));
}
