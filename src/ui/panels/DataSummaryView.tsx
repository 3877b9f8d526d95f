import { useRunStore } from '../../state/runStore';
import { taskColor } from '../charts/palette';

/** Rows and per-task label statistics of the current dataset: proof the data really changed. */
export function DataSummaryView() {
  const data = useRunStore((state) => state.data);
  if (!data) return null;
  return (
    <section className="panel data-summary" aria-labelledby="data-summary-title">
      <h2 id="data-summary-title">Current data</h2>
      <p>
        {data.trainRows.toLocaleString('en-US')} train rows, {data.testRows.toLocaleString('en-US')}{' '}
        test rows, {data.features} features.
      </p>
      <table className="stats-table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Label mean</th>
            <th scope="col">Label std</th>
          </tr>
        </thead>
        <tbody data-testid="data-stats">
          {data.tasks.map((task, index) => (
            <tr key={task.name}>
              <th scope="row">
                <span
                  className="swatch"
                  style={{ background: taskColor(index) }}
                  aria-hidden="true"
                />
                {task.name}
              </th>
              <td>{data.labelMean[index].toFixed(3)}</td>
              <td>{data.labelStd[index].toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
