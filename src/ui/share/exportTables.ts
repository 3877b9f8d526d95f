/**
 * Exports that are tables or JSON built on the page: metrics per step (CSV, JSON), the results
 * table of compared runs (CSV), and the config (JSON). Pure functions; unit-tested.
 */
import type { LabConfig } from '../../core/config/schema';
import type { TaskInfo } from '../../core/data/types';
import type { HistoryPoint } from '../../state/lossHistory';

const cell = (value: number | string): string => {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

export function toCsv(header: string[], rows: (number | string)[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export function metricsCsv(points: readonly HistoryPoint[], taskNames: readonly string[]): string {
  const header = [
    'step',
    ...taskNames.map((t) => `train_loss:${t}`),
    ...taskNames.map((t) => `test_loss:${t}`),
  ];
  const rows = points.map((p) => [p.step, ...p.trainLoss, ...p.testLoss]);
  return toCsv(header, rows);
}

export function metricsJson(points: readonly HistoryPoint[], taskNames: readonly string[]): string {
  const steps = points.map((p) => ({
    step: p.step,
    trainLoss: p.trainLoss.map((v) => (Number.isFinite(v) ? v : null)),
    testLoss: p.testLoss.map((v) => (Number.isFinite(v) ? v : null)),
  }));
  return JSON.stringify({ tasks: taskNames, steps }, null, 1);
}

export function configJson(config: LabConfig): string {
  return JSON.stringify(config, null, 2) + '\n';
}

export interface ResultsRow {
  label: string;
  architecture: string;
  method: string;
  step: number;
  /** Per task: the metrics shown in the table. */
  metrics: { loss: number; r2?: number; accuracy?: number; auc?: number }[];
  /** Percent vs the STL run, NaN when there is none. */
  deltaM: number;
}

export function resultsCsv(rows: readonly ResultsRow[], tasks: readonly TaskInfo[]): string {
  const header = ['run', 'architecture', 'method', 'step'];
  for (const t of tasks) {
    header.push(`test_loss:${t.name}`);
    header.push(t.kind === 'regression' ? `r2:${t.name}` : `accuracy:${t.name}`);
    if (t.kind === 'binary') header.push(`auc:${t.name}`);
  }
  header.push('delta_m_percent');
  const body = rows.map((r) => {
    const cells: (number | string)[] = [r.label, r.architecture, r.method, r.step];
    tasks.forEach((t, i) => {
      const m = r.metrics[i];
      cells.push(m?.loss ?? NaN);
      cells.push((t.kind === 'regression' ? m?.r2 : m?.accuracy) ?? NaN);
      if (t.kind === 'binary') cells.push(m?.auc ?? NaN);
    });
    cells.push(r.deltaM);
    return cells;
  });
  return toCsv(header, body);
}
