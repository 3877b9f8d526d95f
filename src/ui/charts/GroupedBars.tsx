/**
 * Grouped bars: one group per row (a task), one bar per series (e.g. IGB's improvable gap and
 * weight), on one shared linear axis from 0. d3 computes the scale, React draws the SVG; every bar
 * has an accessible name with its value, and a reference line can mark a level such as 1.
 */
import { scaleLinear } from 'd3';
import { useElementWidth } from './useElementWidth';

export interface BarSeries {
  label: string;
  color: string;
  /** One value per row; non-finite values draw no bar and read "–". */
  values: number[];
}

interface GroupedBarsProps {
  rows: string[];
  series: BarSeries[];
  label: string;
  /** A dashed vertical line at this value (e.g. 1 = "no change"). */
  reference?: number;
  format: (value: number) => string;
  testId?: string;
}

const BAR = 12;
const GAP = 8;
const MARGIN = { top: 4, right: 56, bottom: 20, left: 90 };

export function GroupedBars({ rows, series, label, reference, format, testId }: GroupedBarsProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(360);
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const top = Math.max(1e-9, reference ?? 0, ...finite);
  const x = scaleLinear()
    .domain([0, top])
    .range([MARGIN.left, Math.max(MARGIN.left + 40, width - MARGIN.right)])
    .nice();
  const groupHeight = series.length * BAR + GAP;
  const height = MARGIN.top + rows.length * groupHeight + MARGIN.bottom;
  return (
    <div ref={ref} data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={label}>
        {rows.map((row, r) => {
          const y0 = MARGIN.top + r * groupHeight;
          return (
            <g key={row}>
              <text x={MARGIN.left - 6} y={y0 + (series.length * BAR) / 2 + 4} textAnchor="end">
                {row}
              </text>
              {series.map((s, k) => {
                const v = s.values[r];
                const ok = Number.isFinite(v);
                return (
                  <g key={s.label}>
                    <rect
                      x={MARGIN.left}
                      y={y0 + k * BAR}
                      width={ok ? Math.max(0, x(Math.max(0, v)) - MARGIN.left) : 0}
                      height={BAR - 2}
                      fill={s.color}
                      aria-label={`${row}, ${s.label}: ${format(v)}`}
                      data-value={ok ? v : ''}
                    >
                      <title>{`${row}, ${s.label}: ${format(v)}`}</title>
                    </rect>
                    <text
                      x={ok ? x(Math.max(0, v)) + 4 : MARGIN.left + 4}
                      y={y0 + k * BAR + BAR - 3}
                    >
                      {format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        {reference !== undefined && (
          <line
            x1={x(reference)}
            x2={x(reference)}
            y1={MARGIN.top}
            y2={height - MARGIN.bottom}
            stroke="currentColor"
            strokeDasharray="4 3"
          />
        )}
        {x.ticks(4).map((t) => (
          <text key={t} x={x(t)} y={height - 6} textAnchor="middle">
            {t}
          </text>
        ))}
      </svg>
      <p className="chart-legend">
        {series.map((s) => (
          <span key={s.label} style={{ marginRight: 12 }}>
            <svg width={10} height={10} aria-hidden="true">
              <rect width={10} height={10} fill={s.color} />
            </svg>{' '}
            {s.label}
          </span>
        ))}
      </p>
    </div>
  );
}
