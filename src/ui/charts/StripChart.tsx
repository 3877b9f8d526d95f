/**
 * A canvas line chart of several series against the training step (conflict history, method
 * weights, gate evolution). Canvas, because these strips hold hundreds of points per series and
 * redraw with every snapshot. Hover, or focus and use the arrow keys, to read exact values.
 */
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { SeriesPoint } from '../../state/microscopeHistory';
import { nearestIndex, stripDomain } from './stripGeometry';
import { useElementWidth } from './useElementWidth';
import { hiDpiContext } from './hiDpiCanvas';

export interface StripSeries {
  label: string;
  color: string;
  dash?: number[];
}

interface StripChartProps {
  points: SeriesPoint[];
  series: StripSeries[];
  /** Fixed value range; when absent it follows the data. */
  domain?: [number, number];
  yLabel: string;
  /** Accessible name; the latest values are appended. */
  label: string;
  height?: number;
  format?: (value: number) => string;
  testId?: string;
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 48 };
const defaultFormat = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : '–');

export function StripChart({
  points,
  series,
  domain,
  yLabel,
  label,
  height = 150,
  format = defaultFormat,
  testId,
}: StripChartProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>(480);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const inner = {
    w: Math.max(10, width - MARGIN.left - MARGIN.right),
    h: height - MARGIN.top - MARGIN.bottom,
  };
  const scales = useMemo(() => {
    const first = points[0]?.step ?? 0;
    const last = points[points.length - 1]?.step ?? 1;
    const x = scaleLinear()
      .domain([first, Math.max(last, first + 1)])
      .range([0, inner.w]);
    const y = scaleLinear()
      .domain(domain ?? stripDomain(points))
      .range([inner.h, 0])
      .nice();
    return { x, y };
  }, [points, domain, inner.w, inner.h]);

  useEffect(() => {
    const context = hiDpiContext(canvasRef.current, width, height);
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.translate(MARGIN.left, MARGIN.top);
    context.font = '11px system-ui, sans-serif';
    context.fillStyle = '#566173';
    context.strokeStyle = '#e7ebf0';
    context.lineWidth = 1;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of scales.y.ticks(4)) {
      const y = scales.y(tick);
      context.beginPath();
      context.moveTo(0, y);
      context.lineTo(inner.w, y);
      context.stroke();
      context.fillText(String(tick), -6, y);
    }
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of scales.x.ticks(Math.max(2, Math.floor(inner.w / 90)))) {
      context.fillText(String(tick), scales.x(tick), inner.h + 4);
    }
    context.fillText('training step', inner.w / 2, inner.h + 17);
    context.save();
    context.translate(-38, inner.h / 2);
    context.rotate(-Math.PI / 2);
    context.fillText(yLabel, 0, -4);
    context.restore();
    series.forEach((s, k) => {
      context.strokeStyle = s.color;
      context.lineWidth = 1.75;
      context.setLineDash(s.dash ?? []);
      context.beginPath();
      let open = false;
      for (const point of points) {
        const v = point.values[k];
        if (!Number.isFinite(v)) {
          open = false;
          continue;
        }
        const x = scales.x(point.step);
        const y = scales.y(v);
        if (open) context.lineTo(x, y);
        else context.moveTo(x, y);
        open = true;
      }
      context.stroke();
    });
    context.setLineDash([]);
    if (hover !== null && points[hover]) {
      context.strokeStyle = '#8a94a3';
      const x = scales.x(points[hover].step);
      context.beginPath();
      context.moveTo(x, 0);
      context.lineTo(x, inner.h);
      context.stroke();
    }
  }, [points, series, scales, width, height, inner.w, inner.h, yLabel, hover]);

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setHover(nearestIndex(points, scales.x.invert(event.clientX - box.left - MARGIN.left)));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (points.length === 0) return;
    const last = points.length - 1;
    const current = hover ?? last;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, current - (event.shiftKey ? 10 : 1)),
      ArrowRight: Math.min(last, current + (event.shiftKey ? 10 : 1)),
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setHover(moves[event.key]);
    } else if (event.key === 'Escape') setHover(null);
  };

  const shown = hover !== null ? points[hover] : undefined;
  const latest = points[points.length - 1];
  const summary = latest
    ? `${label}. At step ${latest.step}: ${series.map((s, k) => `${s.label} ${format(latest.values[k])}`).join(', ')}.`
    : `${label}. No data yet.`;
  return (
    <div
      className="strip-chart"
      ref={ref}
      tabIndex={0}
      role="img"
      aria-label={`${summary} Use the arrow keys to read values.`}
      onKeyDown={onKeyDown}
      onBlur={() => setHover(null)}
      data-testid={testId}
    >
      <canvas
        ref={canvasRef}
        style={{ width, height }}
        data-export
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
      />
      {shown && (
        <div className="strip-readout" aria-live="polite">
          <strong>step {shown.step}</strong>
          {series.map((s, k) => (
            <span key={s.label}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label} {format(shown.values[k])}
            </span>
          ))}
        </div>
      )}
      {points.length === 0 && <p className="chart-empty">No data yet.</p>}
    </div>
  );
}
