/**
 * One map of the task outputs panel: a task's prediction (its output unit 0) or its true map over
 * the network view's plane, in the diagram's one diverging colour scale, with the training points
 * (planeTruth.ts) drawn over it as small dots coloured by their label on the same scale.
 */
import { useEffect, useRef } from 'react';
import type { TaskInfo } from '../../core/data/types';
import type { NetworkViewData } from '../../core/network/view';
import { hiDpiContext } from '../charts/hiDpiCanvas';
import { divergingColor, paintUnit } from '../network/thumbnails';

export const MAP_SIZE = 46;
const DOT_RADIUS = 1.6;

/** A label on the maps' scale: regression as is; classes spread to ±range (their sign = side). */
function labelValue(task: TaskInfo | undefined, label: number, range: number): number {
  if (!task || task.kind === 'regression') return label;
  const half = (task.outputs === 1 ? 1 : task.outputs - 1) / 2;
  return ((label - half) / half) * range;
}

/** Pixel of plane coordinate (s, t): grid cell centres span ±extent, as cellCoordinates draws. */
function pixel(view: NetworkViewData, s: number, t: number): [number, number] {
  const G = view.grid;
  const cell = (value: number, extent: number) => ((value / extent + 1) / 2) * (G - 1) + 0.5;
  return [
    (cell(s, view.plane.extent[0]) / G) * MAP_SIZE,
    ((G - cell(t, view.plane.extent[1])) / G) * MAP_SIZE,
  ];
}

function paintPoints(
  ctx: CanvasRenderingContext2D,
  view: NetworkViewData,
  taskIndex: number,
  task: TaskInfo | undefined,
): void {
  const points = view.points;
  const labels = points?.labels[taskIndex];
  if (!points || !labels) return;
  ctx.lineWidth = 0.5;
  ctx.strokeStyle = 'rgba(20, 20, 20, 0.6)';
  points.s.forEach((s, i) => {
    const label = labels[i];
    if (!Number.isFinite(label)) return;
    const [x, y] = pixel(view, s, points.t[i]);
    if (x < 0 || y < 0 || x > MAP_SIZE || y > MAP_SIZE) return;
    ctx.beginPath();
    ctx.arc(x, y, DOT_RADIUS, 0, 2 * Math.PI);
    ctx.fillStyle = divergingColor(labelValue(task, label, view.range), view.range);
    ctx.fill();
    ctx.stroke();
  });
}

export function TaskOutputMap({
  view,
  values,
  taskIndex,
  task,
  name,
  testId,
}: {
  view: NetworkViewData;
  values: Float32Array;
  taskIndex: number;
  task: TaskInfo | undefined;
  name: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = hiDpiContext(canvas.current, MAP_SIZE, MAP_SIZE);
    if (!ctx) return;
    paintUnit(ctx, values, 0, view.grid, view.range, 0, 0, MAP_SIZE);
    paintPoints(ctx, view, taskIndex, task);
  }, [values, view, taskIndex, task]);
  const shown = view.points?.s.length ?? 0;
  return (
    <canvas
      ref={canvas}
      className="task-output-map"
      data-testid={testId}
      style={{ width: MAP_SIZE, height: MAP_SIZE }}
      role="img"
      aria-label={`${name} over ${view.plane.labels[0]} × ${view.plane.labels[1]}${
        shown > 0 ? `, with ${shown} training points coloured by label` : ''
      }`}
    />
  );
}
