import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { HistoryPoint } from '../../state/lossHistory';
import type { RunChange } from '../../worker/protocol';
import { HoverReadout } from './HoverReadout';
import { lossChartGeometry, nearestPointIndex } from './lossChartGeometry';
import { taskColor, TEST_DASH } from './palette';
import { useElementWidth } from './useElementWidth';

const HEIGHT = 320;
/** On a phone the chart is lower, so it shares the first screen with the run controls and ρ. */
const NARROW_HEIGHT = 240;
const NARROW_WIDTH = 480;
const MARGIN = { top: 12, right: 16, bottom: 44, left: 60 };

interface LossChartProps {
  points: HistoryPoint[];
  taskNames: string[];
  logScale: boolean;
  /** Live settings the run took over: a dashed vertical line at each, titled with the change. */
  changes?: readonly RunChange[];
}

/**
 * Train (solid) and test (dashed) loss per task against the step. Hover, or focus the chart and use
 * the arrow keys, to read exact values; Home/End jump to the first and latest point.
 */
export function LossChart({ points, taskNames, logScale, changes = [] }: LossChartProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(640);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const height = width < NARROW_WIDTH ? NARROW_HEIGHT : HEIGHT;
  const box = useMemo(() => ({ width, height, margin: MARGIN }), [width, height]);
  const geometry = useMemo(
    () => lossChartGeometry(points, taskNames.length, box, logScale),
    [points, taskNames.length, box, logScale],
  );
  const hovered = hoverIndex === null ? null : points[Math.min(hoverIndex, points.length - 1)];
  const hoverX = hovered ? geometry.x(hovered.step) : 0;

  if (points.length <= 1) {
    // Before training there is nothing to plot: no invented axis, just what to do.
    return (
      <div className="loss-chart loss-chart-empty" ref={ref} data-testid="loss-chart-empty">
        <p>
          No training yet. Press <strong>Play</strong> or <strong>Step</strong> to see each task’s
          train loss (solid) and test loss (dashed) against the step.
        </p>
      </div>
    );
  }

  const onPointerMove = (event: PointerEvent<SVGRectElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    setHoverIndex(nearestPointIndex(points, geometry.invertX(event.clientX - bounds.left)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (points.length === 0) return;
    const last = points.length - 1;
    const current = hoverIndex ?? last;
    const jump = event.shiftKey ? 10 : 1;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, current - jump),
      ArrowRight: Math.min(last, current + jump),
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setHoverIndex(moves[event.key]);
    } else if (event.key === 'Escape') {
      setHoverIndex(null);
    }
  };

  return (
    <div
      className="loss-chart"
      ref={ref}
      tabIndex={0}
      role="group"
      aria-label={`Loss per task against training step, ${logScale ? 'log' : 'linear'} scale. Use the arrow keys to read values.`}
      onKeyDown={onKeyDown}
      onBlur={() => setHoverIndex(null)}
    >
      <svg width={width} height={height} aria-hidden="true" data-testid="loss-chart-svg">
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {geometry.yTicks.map((tick) => (
            <g key={`y${tick.value}`} transform={`translate(0,${tick.offset})`} className="tick">
              <line x2={geometry.innerWidth} className="grid-line" />
              <text x={-8} dy="0.32em" textAnchor="end">
                {tick.label}
              </text>
            </g>
          ))}
          {geometry.xTicks.map((tick) => (
            <g
              key={`x${tick.value}`}
              transform={`translate(${tick.offset},${geometry.innerHeight})`}
              className="tick"
            >
              <line y2={5} className="axis-line" />
              <text y={18} textAnchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          <line
            y1={geometry.innerHeight}
            y2={geometry.innerHeight}
            x2={geometry.innerWidth}
            className="axis-line"
          />
          <text
            className="axis-title"
            x={geometry.innerWidth / 2}
            y={geometry.innerHeight + 38}
            textAnchor="middle"
          >
            training step
          </text>
          <text
            className="axis-title"
            transform={`translate(${-46},${geometry.innerHeight / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {logScale ? 'loss (log scale)' : 'loss'}
          </text>
          {geometry.series.map((series) => (
            <path
              key={`${series.task}-${series.split}`}
              d={series.path}
              fill="none"
              stroke={taskColor(series.task)}
              strokeWidth={series.split === 'train' ? 2 : 1.75}
              strokeDasharray={series.split === 'test' ? TEST_DASH : undefined}
              strokeLinejoin="round"
            />
          ))}
          {changes.map((change) => {
            const x = geometry.x(change.step);
            return Number.isFinite(x) && x >= 0 && x <= geometry.innerWidth ? (
              <g key={`${change.step}-${change.text}`} className="change-marker">
                <title>{change.text}</title>
                <line x1={x} x2={x} y2={geometry.innerHeight} />
              </g>
            ) : null;
          })}
          {hovered && (
            <g className="hover-marker">
              <line x1={hoverX} x2={hoverX} y2={geometry.innerHeight} />
              {taskNames.map((name, task) =>
                [hovered.trainLoss[task], hovered.testLoss[task]].map((value, split) => {
                  const y = geometry.y(value);
                  return Number.isNaN(y) ? null : (
                    <circle
                      key={`${name}-${split}`}
                      cx={hoverX}
                      cy={y}
                      r={3.5}
                      fill={taskColor(task)}
                    />
                  );
                }),
              )}
            </g>
          )}
          <rect
            width={geometry.innerWidth}
            height={geometry.innerHeight}
            fill="transparent"
            onPointerMove={onPointerMove}
            onPointerLeave={() => setHoverIndex(null)}
          />
        </g>
      </svg>
      {hovered && (
        <HoverReadout
          point={hovered}
          taskNames={taskNames}
          {...readoutAnchor(hoverX, geometry.innerWidth, width)}
        />
      )}
    </div>
  );
}

/**
 * Where the hover readout sits: beside the pointer on a wide chart (flipped to its left near the
 * right edge); on a narrow one, where it would not fit beside the pointer, pinned to the plot's
 * far side from the pointer, so it never leaves the chart.
 */
function readoutAnchor(
  hoverX: number,
  innerWidth: number,
  width: number,
): { left: number; flip: boolean } {
  if (width >= NARROW_WIDTH) {
    return { left: MARGIN.left + hoverX, flip: hoverX > innerWidth * 0.6 };
  }
  // HoverReadout adds 12 px beside `left`; these put its edge 4 px inside the plot or the chart.
  return hoverX > innerWidth / 2
    ? { left: MARGIN.left - 8, flip: false }
    : { left: width + 8, flip: true };
}
