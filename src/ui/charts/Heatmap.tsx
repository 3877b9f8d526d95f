/**
 * A generic, reusable heatmap of a small matrix (task x task similarities, task x expert gates,
 * ...). d3 computes the colour scale; React draws one SVG cell per value. Every cell is an image
 * with its own accessible name ("task_0 and task_1: -0.80"), a native tooltip, and the hovered
 * or focused cell's value is written under the map, so the numbers are readable without colour.
 */
import { interpolateBlues, interpolateRdBu, scaleDiverging, scaleSequential } from 'd3';
import { useId, useState } from 'react';
import { heatmapCellLabel, heatmapLayout, textColorFor } from './heatmapGeometry';

export interface HeatmapProps {
  /** rows x cols; NaN cells are drawn grey and read "undefined". */
  matrix: number[][];
  rowLabels: string[];
  colLabels: string[];
  /** Accessible name of the whole map (also shown as its caption unless `hideCaption`). */
  label: string;
  hideCaption?: boolean;
  /** [min, max] of the colour scale; diverging around their midpoint unless `sequential`. */
  domain?: [number, number];
  sequential?: boolean;
  format?: (value: number) => string;
  /** Largest cell side in pixels; the map shrinks to fit its container below that. */
  maxCell?: number;
  testId?: string;
  /** How a cell is named; default "row and column: value". */
  describeCell?: (row: string, col: string, value: string) => string;
  /** Colour map over [0, 1] (low -> high) instead of the default RdBu / Blues. */
  interpolator?: (t: number) => string;
  /** Make every cell a tab stop that shows its value when focused (small maps only). */
  focusableCells?: boolean;
  /** Cells drawn with diagonal hatching on top of their colour (e.g. MMoEEx's closed gates). */
  hatched?: boolean[][];
}

const defaultFormat = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');

export function Heatmap({
  matrix,
  rowLabels,
  colLabels,
  label,
  hideCaption = false,
  domain = [-1, 1],
  sequential = false,
  format = defaultFormat,
  maxCell = 44,
  testId,
  describeCell,
  interpolator,
  focusableCells = false,
  hatched,
}: HeatmapProps) {
  const hatchId = `hatch-${useId().replace(/:/g, '')}`;
  // Indices, not the text: the readout follows the value while the matrix updates under the pointer.
  const [hovered, setHovered] = useState<[number, number] | null>(null);
  const layout = heatmapLayout(rowLabels, colLabels, maxCell);
  const [lo, hi] = domain;
  // Diverging: high values blue, low values red (RdBu runs red -> blue over [0, 1]).
  const color = sequential
    ? scaleSequential(interpolator ?? interpolateBlues).domain([lo, hi])
    : scaleDiverging(interpolator ?? interpolateRdBu).domain([lo, (lo + hi) / 2, hi]);
  const name = (r: number, c: number): string =>
    heatmapCellLabel(
      rowLabels[r],
      colLabels[c],
      format(matrix[r]?.[c] ?? Number.NaN),
      describeCell,
    );

  return (
    <figure className="heatmap" data-testid={testId}>
      {!hideCaption && <figcaption className="heatmap-caption">{label}</figcaption>}
      <svg
        width={layout.width}
        height={layout.height}
        role="group"
        aria-label={label}
        onMouseLeave={() => setHovered(null)}
      >
        {hatched && (
          <defs>
            <pattern
              id={hatchId}
              width={6}
              height={6}
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <line x1={0} y1={0} x2={0} y2={6} stroke="#555" strokeWidth={1.5} />
            </pattern>
          </defs>
        )}
        {colLabels.map((col, c) => (
          <text
            key={`col-${col}`}
            className="heatmap-axis"
            x={layout.left + c * layout.cell + layout.cell / 2}
            y={layout.top - 6}
            textAnchor="middle"
            aria-hidden="true"
          >
            {layout.shortCol[c]}
          </text>
        ))}
        {rowLabels.map((row, r) => (
          <g key={`row-${row}`}>
            <text
              className="heatmap-axis"
              x={layout.left - 6}
              y={layout.top + r * layout.cell + layout.cell / 2}
              textAnchor="end"
              dominantBaseline="central"
              aria-hidden="true"
            >
              {layout.shortRow[r]}
            </text>
            {colLabels.map((col, c) => {
              const value = matrix[r]?.[c] ?? Number.NaN;
              const fill = Number.isFinite(value) ? color(value) : '#d0d4da';
              const cellName = name(r, c);
              return (
                <g
                  key={col}
                  role="img"
                  aria-label={cellName}
                  data-value={Number.isFinite(value) ? value : ''}
                  onMouseEnter={() => setHovered([r, c])}
                  tabIndex={focusableCells ? 0 : undefined}
                  onFocus={focusableCells ? () => setHovered([r, c]) : undefined}
                >
                  <title>{cellName}</title>
                  <rect
                    x={layout.left + c * layout.cell}
                    y={layout.top + r * layout.cell}
                    width={layout.cell - 1}
                    height={layout.cell - 1}
                    fill={fill}
                  />
                  {hatched?.[r]?.[c] && (
                    <rect
                      x={layout.left + c * layout.cell}
                      y={layout.top + r * layout.cell}
                      width={layout.cell - 1}
                      height={layout.cell - 1}
                      fill={`url(#${hatchId})`}
                      data-hatched="true"
                    />
                  )}
                  {layout.showValues && (
                    <text
                      x={layout.left + c * layout.cell + layout.cell / 2}
                      y={layout.top + r * layout.cell + layout.cell / 2}
                      textAnchor="middle"
                      dominantBaseline="central"
                      className="heatmap-value"
                      fill={textColorFor(value, lo, hi, sequential)}
                      aria-hidden="true"
                    >
                      {format(value)}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <p className="heatmap-readout" aria-hidden="true">
        {hovered && hovered[0] < rowLabels.length && hovered[1] < colLabels.length
          ? name(hovered[0], hovered[1])
          : ' '}
      </p>
    </figure>
  );
}
