/**
 * A small bar chart of one task's label distribution (equal-width bins, or one bar per class).
 * d3 makes the scales; React draws the bars. The accessible name summarises the distribution.
 */
import { max, scaleLinear } from 'd3';
import type { Histogram } from '../../core/data/stats';

interface LabelHistogramProps {
  histogram: Histogram;
  label: string;
  color: string;
  /** Class names for classification histograms (one bar per class). */
  classNames?: string[];
  width?: number;
  height?: number;
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

export function describeHistogram(histogram: Histogram, classNames?: string[]): string {
  const { edges, counts } = histogram;
  if (counts.length === 0) return 'no labels';
  const total = counts.reduce((a, b) => a + b, 0);
  if (classNames) {
    return classNames
      .map((name, k) => `class ${name}: ${total ? Math.round((100 * counts[k]) / total) : 0}%`)
      .join(', ');
  }
  const peak = counts.indexOf(Math.max(...counts));
  return `${total} labels from ${fmt(edges[0])} to ${fmt(edges[edges.length - 1])}, most between ${fmt(edges[peak])} and ${fmt(edges[peak + 1])}`;
}

export function LabelHistogram({
  histogram,
  label,
  color,
  classNames,
  width = 150,
  height = 64,
}: LabelHistogramProps) {
  const { edges, counts } = histogram;
  const y = scaleLinear()
    .domain([0, max(counts) ?? 1])
    .range([height - 14, 2]);
  const barWidth = counts.length ? width / counts.length : width;
  return (
    <figure className="label-histogram">
      <figcaption>{label}</figcaption>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${label}: ${describeHistogram(histogram, classNames)}`}
      >
        {counts.map((count, k) => (
          <rect
            key={k}
            x={k * barWidth + 0.5}
            y={y(count)}
            width={Math.max(1, barWidth - (classNames ? 6 : 1))}
            height={Math.max(0, height - 14 - y(count))}
            fill={color}
          >
            <title>
              {classNames
                ? `class ${classNames[k]}: ${count}`
                : `${fmt(edges[k])} to ${fmt(edges[k + 1])}: ${count}`}
            </title>
          </rect>
        ))}
        <line x1={0} x2={width} y1={height - 13.5} y2={height - 13.5} className="axis-line" />
        {classNames ? (
          classNames.map((name, k) => (
            <text
              key={name}
              x={(k + 0.5) * barWidth}
              y={height - 2}
              textAnchor="middle"
              className="histogram-tick"
            >
              {name}
            </text>
          ))
        ) : (
          <>
            <text x={0} y={height - 2} className="histogram-tick">
              {fmt(edges[0] ?? 0)}
            </text>
            <text x={width} y={height - 2} textAnchor="end" className="histogram-tick">
              {fmt(edges[edges.length - 1] ?? 0)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
