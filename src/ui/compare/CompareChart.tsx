import { curveStepAfter, extent, line, scaleLinear, scaleLog, symbol, symbolsFill } from 'd3';
import type { LossHistory } from '../../state/lossHistory';
import { logTicks, testLossPoints } from '../charts/lossChartGeometry';
import { TEST_DASH, taskColor } from '../charts/palette';
import { formatTick } from '../charts/tickFormat';
import { useElementWidth } from '../charts/useElementWidth';

interface CompareChartProps {
  histories: LossHistory[];
  labels: string[];
  /** Task index, or -1 for the mean over tasks. */
  task: number;
}

const HEIGHT = 220;
const M = { top: 8, right: 12, bottom: 28, left: 52 };
const MARKER_AREA = 36;

function pick(values: number[], task: number): number {
  if (task >= 0) return values[task];
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** A run's marker shape (circle, cross, diamond, square, star, triangle, wye), drawn at the origin. */
export function runMarker(run: number): string {
  return symbol(symbolsFill[run % symbolsFill.length], MARKER_AREA)() ?? '';
}

interface Point {
  step: number;
  value: number;
}

/**
 * Loss curves of every compared run on one chart: colour = run, solid = train, dashed = test with
 * the run's marker at each test evaluation, so runs stay apart where their test lines cross.
 */
export function CompareChart({ histories, labels, task }: CompareChartProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(560);
  const showable = (p: Point) => Number.isFinite(p.value) && p.value > 0;
  const runs = histories.map((h) => ({
    train: h.points.map((p) => ({ step: p.step, value: pick(p.trainLoss, task) })).filter(showable),
    test: testLossPoints(h.points, (p) => pick(p.testLoss, task)).filter(showable),
  }));
  const all: Point[] = runs.flatMap((r) => [...r.train, ...r.test]);
  const [x0, x1] = extent(all, (p) => p.step);
  const [y0, y1] = extent(all, (p) => p.value);
  const x = scaleLinear()
    .domain([x0 ?? 0, Math.max(x1 ?? 1, (x0 ?? 0) + 1)])
    .range([M.left, width - M.right]);
  const y = scaleLog()
    .domain([y0 ?? 0.01, Math.max(y1 ?? 1, (y0 ?? 0.01) * 1.01)])
    .range([HEIGHT - M.bottom, M.top])
    .nice();
  const trainPath = line<Point>()
    .x((p) => x(p.step))
    .y((p) => y(p.value));
  const testPath = line<Point>()
    .curve(curveStepAfter)
    .x((p) => x(p.step))
    .y((p) => y(p.value));
  const summary = labels
    .map((label, i) => {
      const last = runs[i]?.test.at(-1) ?? runs[i]?.train.at(-1);
      return last
        ? `${label}: ${last.value.toPrecision(3)} at step ${last.step}`
        : `${label}: no data`;
    })
    .join('; ');
  return (
    <div ref={ref} className="compare-chart">
      <svg width={width} height={HEIGHT} role="img" aria-label={`Loss of each run. ${summary}`}>
        {logTicks(y).map((t) => (
          <g key={t} transform={`translate(0,${y(t)})`}>
            <line x1={M.left} x2={width - M.right} className="grid-line" />
            <text x={M.left - 6} dy="0.32em" textAnchor="end" className="tick-text">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t} x={x(t)} y={HEIGHT - 8} textAnchor="middle" className="tick-text">
            {formatTick(t)}
          </text>
        ))}
        {runs.map((run, i) => (
          <g key={i} data-testid={`compare-run-${i}`}>
            <path
              d={trainPath(run.train) ?? ''}
              fill="none"
              stroke={taskColor(i)}
              strokeWidth={2}
            />
            <path
              d={testPath(run.test) ?? ''}
              fill="none"
              stroke={taskColor(i)}
              strokeWidth={1.75}
              strokeDasharray={TEST_DASH}
            />
            {run.test
              .filter((p) => p.evaluated)
              .map((p) => (
                <path
                  key={p.step}
                  d={runMarker(i)}
                  transform={`translate(${x(p.step)},${y(p.value)})`}
                  fill={taskColor(i)}
                  stroke="#ffffff"
                  strokeWidth={0.75}
                />
              ))}
          </g>
        ))}
      </svg>
      <ul className="chart-legend compare-legend" aria-label="Runs">
        {labels.map((label, i) => (
          <li key={label + i}>
            <svg width={44} height={14} aria-hidden="true">
              <line x1={0} x2={16} y1={7} y2={7} stroke={taskColor(i)} strokeWidth={2} />
              <line
                x1={22}
                x2={44}
                y1={7}
                y2={7}
                stroke={taskColor(i)}
                strokeWidth={1.75}
                strokeDasharray={TEST_DASH}
              />
              <path d={runMarker(i)} transform="translate(33,7)" fill={taskColor(i)} />
            </svg>{' '}
            {label}: train, test
          </li>
        ))}
      </ul>
    </div>
  );
}
