/** Beside Δm: each task's relative change against the STL run, and what the number means. */
import type { TaskInfo } from '../../core/data/types';
import { explainDeltaM, formatPercentChange } from '../../core/train/deltaMExplain';
import type { ResultsRow } from '../share/exportTables';

export function DeltaMBreakdown({ rows, tasks }: { rows: ResultsRow[]; tasks: TaskInfo[] }) {
  const stl = rows.find((r) => r.architecture === 'stl');
  if (!stl) return null;
  const others = rows.filter((r) => r !== stl && r.metrics.length === tasks.length);
  if (others.length === 0) return null;
  return (
    <ul className="delta-m-breakdown" data-testid="delta-m-breakdown">
      {others.map((r) => {
        const e = explainDeltaM(tasks, r.metrics, stl.metrics);
        return (
          <li key={r.label}>
            <strong>
              {r.label}: Δm {formatPercentChange(e.deltaM)}
            </strong>{' '}
            ={' '}
            {e.tasks.map((t, i) => (
              <span key={t.task} className={t.tinyBaseline ? 'delta-m-tiny' : undefined}>
                {i > 0 && ', '}
                {t.task} {formatPercentChange(t.change)}
                {t.tinyBaseline && (
                  <abbr title="the STL MSE is tiny, so small differences become large percentages">
                    {' '}
                    ⚠
                  </abbr>
                )}
              </span>
            ))}
            <br />
            <span className="field-hint">{e.meaning}</span>
          </li>
        );
      })}
    </ul>
  );
}
