import { useId } from 'react';

interface ColorLegendProps {
  interpolator: (t: number) => string;
  domain: [number, number];
  /** Labels under the bar at its left, middle and right ends. */
  labels: [string, string, string];
  title: string;
  width?: number;
}

/** A horizontal colour bar with its scale, for heatmaps (fixed domain, so colours mean the same). */
export function ColorLegend({
  interpolator,
  domain,
  labels,
  title,
  width = 220,
}: ColorLegendProps) {
  const gradientId = useId();
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <figure className="color-legend">
      <svg
        width={width}
        height={34}
        role="img"
        aria-label={`${title}: colour scale from ${domain[0]} (${labels[0]}) to ${domain[1]} (${labels[2]})`}
      >
        <defs>
          <linearGradient id={gradientId}>
            {stops.map((t) => (
              <stop key={t} offset={t} stopColor={interpolator(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={0} y={0} width={width} height={12} fill={`url(#${gradientId})`} stroke="#8a94a3" />
        {labels.map((text, i) => (
          <text
            key={text}
            x={(i * width) / 2}
            y={28}
            className="legend-text"
            textAnchor={i === 0 ? 'start' : i === 1 ? 'middle' : 'end'}
          >
            {text}
          </text>
        ))}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
