/** Ẑ_{i→j} over training (the running average at each measured step), one line per ordered pair. */
import { extent, line, scaleLinear } from 'd3';
import type { AffinityPoint } from '../../core/grouping/affinity';
import { OKABE_ITO } from '../charts/palette';

const W = 420;
const H = 160;
const M = { left: 44, right: 8, top: 8, bottom: 24 };

export function AffinityHistory({ history, names }: { history: AffinityPoint[]; names: string[] }) {
  const T = names.length;
  const pairs = Array.from({ length: T * T }, (_, k) => [Math.floor(k / T), k % T]).filter(
    ([i, j]) => i !== j,
  );
  if (history.length < 2 || pairs.length === 0) return null;
  const values = history.flatMap((p) => pairs.map(([i, j]) => p.mean[i][j]));
  const [lo, hi] = extent(values) as [number, number];
  const x = scaleLinear()
    .domain([history[0].step, history[history.length - 1].step])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([Math.min(0, lo), Math.max(0, hi)])
    .nice()
    .range([H - M.bottom, M.top]);
  const path = line<AffinityPoint>().x((p) => x(p.step));
  return (
    <svg
      width={W}
      height={H}
      role="img"
      aria-label="Averaged affinity of every ordered task pair over training"
      data-testid="affinity-history"
    >
      <line
        x1={M.left}
        x2={W - M.right}
        y1={y(0)}
        y2={y(0)}
        stroke="currentColor"
        strokeOpacity={0.4}
      />
      {pairs.map(([i, j], k) => (
        <path
          key={`${i}-${j}`}
          d={path.y((p) => y(p.mean[i][j]))(history) ?? ''}
          fill="none"
          stroke={OKABE_ITO[k % OKABE_ITO.length]}
          strokeWidth={1.5}
        >
          <title>{`${names[i]} → ${names[j]}`}</title>
        </path>
      ))}
      {y.ticks(4).map((t) => (
        <text key={t} x={M.left - 4} y={y(t) + 4} textAnchor="end" className="axis-tick">
          {t}
        </text>
      ))}
      <text x={(M.left + W) / 2} y={H - 4} textAnchor="middle" className="axis-note">
        step
      </text>
    </svg>
  );
}
