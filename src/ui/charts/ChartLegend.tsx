import { taskColor, TEST_DASH } from './palette';

/** Colour per task, line style per split. */
export function ChartLegend({ taskNames }: { taskNames: string[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {taskNames.map((name, task) => (
        <li key={name}>
          <svg width="18" height="10" aria-hidden="true">
            <rect width="18" height="10" rx="2" fill={taskColor(task)} />
          </svg>
          {name}
        </li>
      ))}
      <li>
        <svg width="26" height="10" aria-hidden="true">
          <line x1="0" x2="26" y1="5" y2="5" stroke="currentColor" strokeWidth="2" />
        </svg>
        train
      </li>
      <li>
        <svg width="26" height="10" aria-hidden="true">
          <line
            x1="0"
            x2="26"
            y1="5"
            y2="5"
            stroke="currentColor"
            strokeWidth="2"
            strokeDasharray={TEST_DASH}
          />
        </svg>
        test
      </li>
    </ul>
  );
}
