/**
 * One task's data map (dataset cartography): variability (x) against confidence (y) per training
 * sample, with the easy (confident, stable), ambiguous (variable) and hard (unconfident, stable)
 * regions named. d3 computes the scales, React draws the points.
 */
import { scaleLinear } from 'd3';
import type { DataMapView } from '../../worker/protocol/grouping';
import { taskColor } from '../charts/palette';

const W = 220;
const H = 180;
const M = { left: 34, right: 8, top: 8, bottom: 30 };

export function DataMapScatter({ map, index }: { map: DataMapView; index: number }) {
  const x = scaleLinear()
    .domain([0, 0.5])
    .range([M.left, W - M.right])
    .clamp(true);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const points = map.confidence.flatMap((c, i) =>
    Number.isFinite(c)
      ? [{ c, v: Number.isFinite(map.variability[i]) ? map.variability[i] : 0 }]
      : [],
  );
  const mean = points.reduce((a, p) => a + p.c, 0) / Math.max(1, points.length);
  return (
    <figure className="data-map" data-testid="data-map">
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`Data map of ${map.task}: ${points.length} samples, mean confidence ${mean.toFixed(2)}`}
      >
        <text x={W - M.right} y={M.top + 10} textAnchor="end" className="axis-note">
          easy
        </text>
        <text x={W - M.right} y={(H - M.bottom + M.top) / 2} textAnchor="end" className="axis-note">
          ambiguous
        </text>
        <text x={W - M.right} y={H - M.bottom - 4} textAnchor="end" className="axis-note">
          hard
        </text>
        {points.map((p, i) => (
          <circle
            key={i}
            cx={x(p.v)}
            cy={y(p.c)}
            r={1.6}
            fill={taskColor(index)}
            fillOpacity={0.5}
          />
        ))}
        <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="currentColor" />
        <line
          x1={M.left}
          x2={W - M.right}
          y1={H - M.bottom}
          y2={H - M.bottom}
          stroke="currentColor"
        />
        {[0, 0.5, 1].map((t) => (
          <text key={t} x={M.left - 4} y={y(t) + 4} textAnchor="end" className="axis-tick">
            {t}
          </text>
        ))}
        {[0, 0.25, 0.5].map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 14} textAnchor="middle" className="axis-tick">
            {t}
          </text>
        ))}
        <text x={(M.left + W) / 2} y={H - 2} textAnchor="middle" className="axis-note">
          variability (std)
        </text>
      </svg>
      <figcaption>{map.task}: confidence (y) vs variability (x)</figcaption>
    </figure>
  );
}
