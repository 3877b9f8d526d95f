/**
 * The sweep's figure: mean over seeds against the first axis, with a ±1 sample-std band, one line
 * per value of the second axis (d3 scales and paths, React draws). Categorical x (architecture,
 * method) uses a point scale.
 */
import { area, line, scaleLinear, scalePoint } from 'd3';
import type { SweepRow } from '../../core/sweep/table';
import { OKABE_ITO } from '../charts/palette';

const W = 460;
const H = 240;
const M = { left: 48, right: 110, top: 10, bottom: 34 };

export function BandChart({
  rows,
  xLabel,
  yLabel,
}: {
  rows: SweepRow[];
  xLabel: string;
  yLabel: string;
}) {
  if (rows.length === 0) return null;
  const numeric = rows.every((r) => typeof r.x === 'number');
  const xsAll = [...new Set(rows.map((r) => r.x))];
  const lin = scaleLinear()
    .domain([Math.min(...(xsAll as number[])), Math.max(...(xsAll as number[]))])
    .range([M.left, W - M.right]);
  const pts = scalePoint<string>()
    .domain(xsAll.map(String))
    .range([M.left, W - M.right])
    .padding(0.3);
  const x = (v: SweepRow['x']) => (numeric ? lin(v as number) : (pts(String(v)) ?? M.left));
  const lo = Math.min(0, ...rows.map((r) => r.mean - r.std));
  const hi = Math.max(0, ...rows.map((r) => r.mean + r.std));
  const y = scaleLinear()
    .domain([lo, hi])
    .nice()
    .range([H - M.bottom, M.top]);
  const series = [...new Set(rows.map((r) => r.y))];
  return (
    <svg
      width={W}
      height={H}
      role="img"
      aria-label={`${yLabel} against ${xLabel}, mean ± std over seeds`}
      data-testid="sweep-chart"
      data-export
    >
      <line
        x1={M.left}
        x2={W - M.right}
        y1={y(0)}
        y2={y(0)}
        stroke="currentColor"
        strokeOpacity={0.4}
      />
      {series.map((s, k) => {
        const mine = rows.filter((r) => r.y === s);
        const color = OKABE_ITO[k % OKABE_ITO.length];
        const band = area<SweepRow>()
          .x((r) => x(r.x))
          .y0((r) => y(r.mean - r.std))
          .y1((r) => y(r.mean + r.std));
        const mean = line<SweepRow>()
          .x((r) => x(r.x))
          .y((r) => y(r.mean));
        return (
          <g key={String(s)} data-testid="sweep-band">
            <path d={band(mine) ?? ''} fill={color} fillOpacity={0.2} />
            <path d={mean(mine) ?? ''} fill="none" stroke={color} strokeWidth={2} />
            {mine.map((r) => (
              <circle key={String(r.x)} cx={x(r.x)} cy={y(r.mean)} r={3} fill={color}>
                <title>{`${String(r.x)}${s === null ? '' : `, ${String(s)}`}: ${r.mean.toFixed(2)} ± ${r.std.toFixed(2)} (n = ${r.n})`}</title>
              </circle>
            ))}
            {s !== null && (
              <text x={W - M.right + 6} y={M.top + 14 * (k + 1)} fill={color} className="axis-note">
                {String(s)}
              </text>
            )}
          </g>
        );
      })}
      {y.ticks(5).map((t) => (
        <text key={t} x={M.left - 4} y={y(t) + 4} textAnchor="end" className="axis-tick">
          {t}
        </text>
      ))}
      {xsAll.map((v) => (
        <text
          key={String(v)}
          x={x(v)}
          y={H - M.bottom + 14}
          textAnchor="middle"
          className="axis-tick"
        >
          {String(v)}
        </text>
      ))}
      <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" className="axis-note">
        {xLabel}
      </text>
      <text x={12} y={M.top + 4} className="axis-note">
        {yLabel}
      </text>
    </svg>
  );
}
