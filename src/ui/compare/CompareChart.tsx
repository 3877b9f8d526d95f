import { extent, line, scaleLinear, scaleLog } from 'd3';
import type { LossHistory } from '../../state/lossHistory';
import { TEST_DASH, taskColor } from '../charts/palette';
import { useElementWidth } from '../charts/useElementWidth';

interface CompareChartProps {
  histories: LossHistory[];
  labels: string[];
  /** Task index, or -1 for the mean over tasks. */
  task: number;
}

const HEIGHT = 220;
const M = { top: 8, right: 12, bottom: 28, left: 52 };

function pick(values: number[], task: number): number {
  if (task >= 0) return values[task];
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** Loss curves of every compared run on one chart: colour = run, dashed = test. */
export function CompareChart({ histories, labels, task }: CompareChartProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(560);
  const series = histories.map((h) =>
    (['trainLoss', 'testLoss'] as const).map((split) =>
      h.points
        .map((p) => ({ step: p.step, value: pick(p[split], task) }))
        .filter((p) => Number.isFinite(p.value) && p.value > 0),
    ),
  );
  const all = series.flat(2);
  const [x0, x1] = extent(all, (p) => p.step);
  const [y0, y1] = extent(all, (p) => p.value);
  const x = scaleLinear()
    .domain([x0 ?? 0, Math.max(x1 ?? 1, (x0 ?? 0) + 1)])
    .range([M.left, width - M.right]);
  const y = scaleLog()
    .domain([y0 ?? 0.01, Math.max(y1 ?? 1, (y0 ?? 0.01) * 1.01)])
    .range([HEIGHT - M.bottom, M.top])
    .nice();
  const path = line<{ step: number; value: number }>()
    .x((p) => x(p.step))
    .y((p) => y(p.value));
  const summary = labels
    .map((label, i) => {
      const last = series[i]?.[1].at(-1) ?? series[i]?.[0].at(-1);
      return last
        ? `${label}: ${last.value.toPrecision(3)} at step ${last.step}`
        : `${label}: no data`;
    })
    .join('; ');
  return (
    <div ref={ref} className="compare-chart">
      <svg width={width} height={HEIGHT} role="img" aria-label={`Loss of each run. ${summary}`}>
        {y.ticks(4).map((t) => (
          <g key={t} transform={`translate(0,${y(t)})`}>
            <line x1={M.left} x2={width - M.right} className="grid-line" />
            <text x={M.left - 6} dy="0.32em" textAnchor="end" className="tick-text">
              {y.tickFormat(4)(t)}
            </text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t} x={x(t)} y={HEIGHT - 8} textAnchor="middle" className="tick-text">
            {t}
          </text>
        ))}
        {series.map((splits, i) =>
          splits.map((points, s) => (
            <path
              key={`${i}-${s}`}
              d={path(points) ?? ''}
              fill="none"
              stroke={taskColor(i)}
              strokeWidth={2}
              strokeDasharray={s === 1 ? TEST_DASH : undefined}
            />
          )),
        )}
      </svg>
      <ul className="chart-legend">
        {labels.map((label, i) => (
          <li key={label + i}>
            <span className="swatch" style={{ background: taskColor(i) }} aria-hidden="true" />{' '}
            {label}
          </li>
        ))}
        <li>solid = train, dashed = test</li>
      </ul>
    </div>
  );
}
