/**
 * Scatter plot of two tasks' labels on a canvas (thousands of points stay cheap), with d3 scales
 * and SVG-free axes drawn on the canvas. The accessible name gives the correlation and counts.
 */
import { extent, scaleLinear } from 'd3';
import { useEffect, useRef } from 'react';
import { useElementWidth } from './useElementWidth';
import { hiDpiContext } from './hiDpiCanvas';

interface ScatterCanvasProps {
  x: number[];
  y: number[];
  xLabel: string;
  yLabel: string;
  /** Text alternative, e.g. "r = -0.79 over 2,800 rows (1,500 shown)". */
  description: string;
  height?: number;
  /** Spread points of a class-valued axis a little, so overlapping points show as a band. */
  jitterX?: boolean;
  jitterY?: boolean;
}

const JITTER = 0.3;

/** Deterministic offset in [-JITTER/2, JITTER/2] for point i (no flicker between redraws). */
export function jitter(i: number, salt: number): number {
  const h = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43758.5453;
  return (h - Math.floor(h) - 0.5) * JITTER;
}

const MARGIN = { top: 8, right: 10, bottom: 30, left: 44 };

export function ScatterCanvas({
  x,
  y,
  xLabel,
  yLabel,
  description,
  height = 220,
  jitterX = false,
  jitterY = false,
}: ScatterCanvasProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(320);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const context = hiDpiContext(canvas.current, width, height);
    if (!context) return;
    context.clearRect(0, 0, width, height);
    const [xa, xb] = extent(x) as [number, number];
    const [ya, yb] = extent(y) as [number, number];
    if (xa === undefined || ya === undefined) return;
    const pad = (on: boolean) => (on ? JITTER : 0);
    const [x0, x1] = [xa - pad(jitterX), xb + pad(jitterX)];
    const [y0, y1] = [ya - pad(jitterY), yb + pad(jitterY)];
    const sx = scaleLinear()
      .domain([x0, x1])
      .nice()
      .range([MARGIN.left, width - MARGIN.right]);
    const sy = scaleLinear()
      .domain([y0, y1])
      .nice()
      .range([height - MARGIN.bottom, MARGIN.top]);
    context.strokeStyle = '#8a94a3';
    context.beginPath();
    context.moveTo(MARGIN.left, MARGIN.top);
    context.lineTo(MARGIN.left, height - MARGIN.bottom);
    context.lineTo(width - MARGIN.right, height - MARGIN.bottom);
    context.stroke();
    context.fillStyle = '#566173';
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    for (const tick of sx.ticks(5))
      context.fillText(sx.tickFormat(5)(tick), sx(tick), height - MARGIN.bottom + 13);
    context.textAlign = 'right';
    for (const tick of sy.ticks(4))
      context.fillText(sy.tickFormat(4)(tick), MARGIN.left - 4, sy(tick) + 4);
    context.textAlign = 'center';
    context.fillStyle = '#1b2430';
    context.fillText(xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - 3);
    context.save();
    context.translate(10, (MARGIN.top + height - MARGIN.bottom) / 2);
    context.rotate(-Math.PI / 2);
    context.fillText(yLabel, 0, 0);
    context.restore();
    context.fillStyle = 'rgba(31, 95, 168, 0.35)';
    for (let i = 0; i < x.length; i++) {
      const px = x[i] + (jitterX ? jitter(i, 1) : 0);
      const py = y[i] + (jitterY ? jitter(i, 2) : 0);
      context.fillRect(sx(px) - 1.5, sy(py) - 1.5, 3, 3);
    }
  }, [x, y, width, height, xLabel, yLabel, jitterX, jitterY]);

  return (
    <div ref={ref} className="scatter">
      <canvas
        ref={canvas}
        style={{ width: `${width}px`, height: `${height}px` }}
        role="img"
        aria-label={`Scatter of ${yLabel} against ${xLabel}: ${description}`}
      />
    </div>
  );
}
