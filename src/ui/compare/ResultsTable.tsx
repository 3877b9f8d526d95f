import { DELTA_M_CONVENTION } from '../../core/train/deltaM';
import { downloadFile } from '../common/download';
import { DeltaMBreakdown } from './DeltaMBreakdown';
import { resultsCsv, type ResultsRow } from '../share/exportTables';
import type { TaskInfo } from '../../core/data/types';

const fmt = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(4);

/** One table for all runs: per-task test metrics and Δm vs the STL run. */
export function ResultsTable({ rows, tasks }: { rows: ResultsRow[]; tasks: TaskInfo[] }) {
  const hasStl =
    rows.some((r) => Number.isFinite(r.deltaM)) || rows.some((r) => r.architecture === 'stl');
  return (
    <div className="task-table-wrap">
      <table className="stats-table compare-results">
        <caption>Test metrics per run{hasStl ? ' (Δm vs the STL run)' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Step</th>
            {tasks.map((t) => (
              <th key={t.name} scope="col">
                {t.name}{' '}
                {t.kind === 'regression'
                  ? 'MSE / R²'
                  : t.kind === 'binary'
                    ? 'BCE / AUC'
                    : 'CE / acc.'}
              </th>
            ))}
            {hasStl && (
              <th scope="col" title={DELTA_M_CONVENTION}>
                Δm %
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.step}</td>
              {tasks.map((t, i) => {
                const m = r.metrics[i];
                const second =
                  t.kind === 'regression' ? m?.r2 : t.kind === 'binary' ? m?.auc : m?.accuracy;
                return (
                  <td key={t.name}>
                    {fmt(m?.loss)} / {fmt(second)}
                  </td>
                );
              })}
              {hasStl && <td>{Number.isFinite(r.deltaM) ? r.deltaM.toFixed(2) : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {hasStl && <p className="field-hint">{DELTA_M_CONVENTION}</p>}
      <DeltaMBreakdown rows={rows} tasks={tasks} />
      <button
        type="button"
        className="button"
        onClick={() => downloadFile('results.csv', resultsCsv(rows, tasks), 'text/csv')}
      >
        Results (CSV)
      </button>
    </div>
  );
}
