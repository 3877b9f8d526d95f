/**
 * Geometry of the loss chart, computed with d3 (scales, ticks, paths) and drawn by React.
 * Pure: no DOM, so it is unit-tested in Node.
 */
import { bisector, curveLinear, curveStepAfter, format, line, scaleLinear, scaleLog } from 'd3';
import type { HistoryPoint } from '../../state/lossHistory';

export type LossSplit = 'train' | 'test';

export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface Tick {
  value: number;
  label: string;
  /** Position along the axis in pixels, inside the plot area. */
  offset: number;
}

export interface LossSeries {
  task: number;
  split: LossSplit;
  path: string;
}

export interface LossChartGeometry {
  innerWidth: number;
  innerHeight: number;
  x(step: number): number;
  /** The step at a horizontal pixel position inside the plot area. */
  invertX(offset: number): number;
  /** NaN for values the scale cannot show (non-finite, or <= 0 on a log scale). */
  y(loss: number): number;
  xTicks: Tick[];
  yTicks: Tick[];
  series: LossSeries[];
}

const SPLITS: LossSplit[] = ['train', 'test'];

function lossesOf(point: HistoryPoint, split: LossSplit): number[] {
  return split === 'train' ? point.trainLoss : point.testLoss;
}

function showable(value: number, logScale: boolean): boolean {
  return Number.isFinite(value) && (!logScale || value > 0);
}

function lossDomain(points: HistoryPoint[], logScale: boolean): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const point of points) {
    for (const split of SPLITS) {
      for (const value of lossesOf(point, split)) {
        if (!showable(value, logScale)) continue;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
  }
  if (!Number.isFinite(low)) return logScale ? [0.01, 1] : [0, 1];
  if (logScale) return low === high ? [low / 2, high * 2] : [low, high];
  return [Math.min(0, low), high === low ? high + 1 : high];
}

const formatLinear = format('~g');
const formatSmall = format('.0e');

function logTicks(scale: ReturnType<typeof scaleLog>): number[] {
  const all = scale.ticks();
  const decades = all.filter(
    (value) => Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9,
  );
  if (decades.length >= 3) return decades;
  return all.filter((value) => [1, 2, 5].includes(Number(value.toExponential(0).split('e')[0])));
}

export function lossChartGeometry(
  points: HistoryPoint[],
  tasks: number,
  box: ChartBox,
  logScale: boolean,
): LossChartGeometry {
  const innerWidth = Math.max(10, box.width - box.margin.left - box.margin.right);
  const innerHeight = Math.max(10, box.height - box.margin.top - box.margin.bottom);
  const firstStep = points[0]?.step ?? 0;
  const lastStep = points[points.length - 1]?.step ?? 1;
  const xScale = scaleLinear()
    .domain([firstStep, Math.max(lastStep, firstStep + 1)])
    .range([0, innerWidth])
    .nice();
  const [low, high] = lossDomain(points, logScale);
  const yScale = logScale
    ? scaleLog().domain([low, high]).range([innerHeight, 0]).nice()
    : scaleLinear().domain([low, high]).range([innerHeight, 0]).nice();
  const y = (loss: number): number => (showable(loss, logScale) ? yScale(loss) : Number.NaN);

  const series: LossSeries[] = [];
  for (let task = 0; task < tasks; task++) {
    for (const split of SPLITS) {
      const path = line<HistoryPoint>()
        // Test loss is re-evaluated every few dozen steps and held in between: draw it as steps.
        .curve(split === 'test' ? curveStepAfter : curveLinear)
        .defined((point) => showable(lossesOf(point, split)[task], logScale))
        .x((point) => xScale(point.step))
        .y((point) => yScale(lossesOf(point, split)[task]))(points);
      if (path) series.push({ task, split, path });
    }
  }

  const xTicks = xScale.ticks(Math.max(2, Math.floor(innerWidth / 90))).map((value) => ({
    value,
    label: formatLinear(value),
    offset: xScale(value),
  }));
  const yValues = logScale ? logTicks(yScale as ReturnType<typeof scaleLog>) : yScale.ticks(5);
  const yTicks = yValues.map((value) => ({
    value,
    label: value !== 0 && Math.abs(value) < 1e-3 ? formatSmall(value) : formatLinear(value),
    offset: yScale(value),
  }));
  return {
    innerWidth,
    innerHeight,
    x: (step) => xScale(step),
    invertX: (offset) => xScale.invert(offset),
    y,
    xTicks,
    yTicks,
    series,
  };
}

const byStep = bisector<HistoryPoint, number>((point) => point.step);

/** Index of the point whose step is nearest to `step` (-1 for no points). */
export function nearestPointIndex(points: HistoryPoint[], step: number): number {
  if (points.length === 0) return -1;
  const right = byStep.left(points, step);
  if (right <= 0) return 0;
  if (right >= points.length) return points.length - 1;
  return step - points[right - 1].step <= points[right].step - step ? right - 1 : right;
}
