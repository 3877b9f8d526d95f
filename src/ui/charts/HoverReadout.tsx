import type { HistoryPoint } from '../../state/lossHistory';
import { taskColor } from './palette';

export function formatLoss(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1e-3 && Math.abs(value) < 1e4
    ? value.toPrecision(4)
    : value.toExponential(3);
}

interface HoverReadoutProps {
  point: HistoryPoint;
  taskNames: string[];
  /** Left edge in pixels within the chart container; flipped to the left near the right edge. */
  left: number;
  flip: boolean;
}

/** Exact train and test loss of every task at the hovered step. */
export function HoverReadout({ point, taskNames, left, flip }: HoverReadoutProps) {
  return (
    <div
      className="hover-readout"
      style={flip ? { right: `calc(100% - ${left - 12}px)` } : { left: left + 12 }}
      aria-live="polite"
    >
      <p className="hover-step">Step {point.step.toLocaleString('en-US')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">train</th>
            <th scope="col">test</th>
          </tr>
        </thead>
        <tbody>
          {taskNames.map((name, task) => (
            <tr key={name}>
              <th scope="row">
                <span
                  className="swatch"
                  style={{ background: taskColor(task) }}
                  aria-hidden="true"
                />
                {name}
              </th>
              <td>{formatLoss(point.trainLoss[task])}</td>
              <td>{formatLoss(point.testLoss[task])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
