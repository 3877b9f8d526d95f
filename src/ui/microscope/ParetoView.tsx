/**
 * Pareto view: test loss of one task against another. Each compared run is a point when runs are
 * being compared; otherwise the current run's trajectory of evaluations (older points lighter).
 */
import { scaleLinear } from 'd3';
import { useId, useRef, useState } from 'react';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { useCompareStore } from '../compare/compareStore';
import { ChartExport } from '../charts/ChartExport';
import { taskColor } from '../charts/palette';
import { fmt, useTaskNames } from './useLabInfo';

const W = 300;
const H = 240;
const M = { top: 10, right: 14, bottom: 40, left: 56 };

interface Dot {
  label: string;
  losses: number[];
  color: string;
  opacity: number;
}

export function ParetoView() {
  const names = useTaskNames();
  const trajectory = useMicroscopeStore((state) => state.history.testLoss.points);
  const runs = useCompareStore((state) => state.latest?.runs ?? null);
  const specs = useCompareStore((state) => state.specs);
  const [pair, setPair] = useState<[number, number]>([0, 1]);
  const [hovered, setHovered] = useState<Dot | null>(null);
  const ids = [useId(), useId()];
  const ref = useRef<HTMLDivElement>(null);
  if (names.length < 2) return null;
  const [a, b] = [Math.min(pair[0], names.length - 1), Math.min(pair[1], names.length - 1)];
  const dots: Dot[] =
    runs && runs.length > 0
      ? runs.map((run, i) => ({
          label: specs[i]?.label ?? `run ${i + 1}`,
          losses: run.testLoss,
          color: taskColor(i),
          opacity: 1,
        }))
      : trajectory.map((p, i) => ({
          label: `step ${p.step}`,
          losses: p.values,
          color: '#0072B2',
          opacity: 0.25 + (0.75 * (i + 1)) / trajectory.length,
        }));
  const finite = dots.filter((d) => Number.isFinite(d.losses[a]) && Number.isFinite(d.losses[b]));
  const x = scaleLinear()
    .domain([0, Math.max(1e-9, ...finite.map((d) => d.losses[a]))])
    .range([0, W - M.left - M.right])
    .nice();
  const y = scaleLinear()
    .domain([0, Math.max(1e-9, ...finite.map((d) => d.losses[b]))])
    .range([H - M.top - M.bottom, 0])
    .nice();
  const source =
    runs && runs.length > 0
      ? 'one point per compared run'
      : 'the current run, one point per test evaluation (darker = later)';
  return (
    <section className="micro-card" aria-labelledby="pareto-title">
      <h3 id="pareto-title">Trade-off between two tasks</h3>
      <p className="micro-note">
        Test loss of one task against another: {source}. Lower-left is better for both.
      </p>
      <div className="chart-options">
        {[0, 1].map((axis) => (
          <span key={axis}>
            <label htmlFor={ids[axis]}>{axis === 0 ? 'x' : 'y'}</label>{' '}
            <select
              id={ids[axis]}
              value={axis === 0 ? a : b}
              onChange={(e) =>
                setPair(axis === 0 ? [Number(e.target.value), b] : [a, Number(e.target.value)])
              }
            >
              {names.map((n, t) => (
                <option key={n} value={t}>
                  {n}
                </option>
              ))}
            </select>
          </span>
        ))}
      </div>
      <div ref={ref} className="pareto-figure">
        <svg
          width={W}
          height={H}
          data-export
          role="img"
          aria-label={`Test loss of ${names[a]} against ${names[b]}: ${
            finite
              .slice(-5)
              .map((d) => `${d.label} (${fmt(d.losses[a], 4)}, ${fmt(d.losses[b], 4)})`)
              .join('; ') || 'no evaluations yet'
          }`}
        >
          <g transform={`translate(${M.left},${M.top})`}>
            {x.ticks(4).map((t) => (
              <text
                key={`x${t}`}
                x={x(t)}
                y={H - M.top - M.bottom + 16}
                textAnchor="middle"
                className="tick-text"
              >
                {t}
              </text>
            ))}
            {y.ticks(4).map((t) => (
              <text
                key={`y${t}`}
                x={-6}
                y={y(t)}
                textAnchor="end"
                dominantBaseline="central"
                className="tick-text"
              >
                {t}
              </text>
            ))}
            <line
              x1={0}
              x2={W - M.left - M.right}
              y1={H - M.top - M.bottom}
              y2={H - M.top - M.bottom}
              stroke="#8a94a3"
            />
            <line x1={0} x2={0} y1={0} y2={H - M.top - M.bottom} stroke="#8a94a3" />
            <text
              x={(W - M.left - M.right) / 2}
              y={H - M.top - 6}
              textAnchor="middle"
              className="axis-text"
            >
              test loss {names[a]}
            </text>
            <text
              transform={`translate(-44,${(H - M.top - M.bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              className="axis-text"
            >
              test loss {names[b]}
            </text>
            {finite.map((d) => (
              <circle
                key={d.label}
                cx={x(d.losses[a])}
                cy={y(d.losses[b])}
                r={5}
                fill={d.color}
                fillOpacity={d.opacity}
                stroke="#ffffff"
                onPointerEnter={() => setHovered(d)}
                onPointerLeave={() => setHovered(null)}
              >
                <title>{`${d.label}: ${fmt(d.losses[a], 4)}, ${fmt(d.losses[b], 4)}`}</title>
              </circle>
            ))}
          </g>
        </svg>
        <p className="heatmap-readout" aria-hidden="true">
          {hovered
            ? `${hovered.label}: ${names[a]} ${fmt(hovered.losses[a], 4)}, ${names[b]} ${fmt(hovered.losses[b], 4)}`
            : ' '}
        </p>
      </div>
      <ChartExport target={ref} name="pareto" />
    </section>
  );
}
