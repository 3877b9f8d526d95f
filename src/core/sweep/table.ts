/**
 * The sweep table: cells summarised per (x, y) over seeds (mean, sample std, min, max, n), its CSV
 * (the panel's export and the CLI's output are this one function), and the time-left estimate.
 */
import type { SweepValue } from './fields';
import type { SweepDefinition, SweepMetric } from './grid';
import type { CellResult } from './runCell';

export interface SweepRow {
  x: SweepValue;
  y: SweepValue | null;
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export function cellValue(result: CellResult, metric: SweepMetric): number {
  return metric.kind === 'deltaM' ? result.deltaM : (result.taskMetric[metric.task] ?? NaN);
}

export function metricLabel(metric: SweepMetric, taskNames?: readonly string[]): string {
  return metric.kind === 'deltaM'
    ? 'delta_m_percent'
    : `test_metric:${taskNames?.[metric.task] ?? `task ${metric.task + 1}`}`;
}

/** One row per (x, y) present in `results`, in the definition's value order. */
export function summarize(def: SweepDefinition, results: readonly CellResult[]): SweepRow[] {
  const [ax, ay] = def.axes;
  const ys: (SweepValue | null)[] = ay ? ay.values : [null];
  const rows: SweepRow[] = [];
  for (const y of ys) {
    for (const x of ax.values) {
      const vs = results
        .filter((r) => r.x === x && r.y === y)
        .map((r) => cellValue(r, def.metric))
        .filter(Number.isFinite);
      if (!vs.length) continue;
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      const std =
        vs.length > 1
          ? Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / (vs.length - 1))
          : 0;
      rows.push({ x, y, n: vs.length, mean, std, min: Math.min(...vs), max: Math.max(...vs) });
    }
  }
  return rows;
}

const cell = (v: SweepValue | null | number): string =>
  v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`;

/** One line per cell (seed by seed), then nothing else: what both the panel and the CLI write. */
export function sweepCsv(
  def: SweepDefinition,
  results: readonly CellResult[],
  taskNames?: readonly string[],
): string {
  const [ax, ay] = def.axes;
  const T = results[0]?.taskMetric.length ?? 0;
  const names = Array.from({ length: T }, (_, t) => taskNames?.[t] ?? `task_${t + 1}`);
  const header = [
    ax.field,
    ...(ay ? [ay.field] : []),
    'seed',
    'steps',
    'delta_m_percent',
    ...names.map((n) => `test_metric:${n}`),
  ];
  const sorted = [...results].sort((a, b) => {
    const ka = [
      ax.values.indexOf(a.x),
      ay ? ay.values.indexOf(a.y ?? '') : 0,
      def.seeds.indexOf(a.seed),
    ];
    const kb = [
      ax.values.indexOf(b.x),
      ay ? ay.values.indexOf(b.y ?? '') : 0,
      def.seeds.indexOf(b.seed),
    ];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
  const lines = sorted.map((r) =>
    [cell(r.x), ...(ay ? [cell(r.y)] : []), r.seed, def.steps, r.deltaM, ...r.taskMetric]
      .map((v) => (typeof v === 'string' ? v : String(v)))
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** Seconds left from the mean time of the cells done so far. */
export function secondsLeft(results: readonly CellResult[], remaining: number): number | null {
  if (!results.length) return null;
  return (results.reduce((a, r) => a + r.seconds, 0) / results.length) * remaining;
}
