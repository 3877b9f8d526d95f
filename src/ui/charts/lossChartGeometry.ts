/**
 * Geometry of the loss chart, computed with d3 (scales, ticks, paths) and drawn by React.
 * Pure: no DOM, so it is unit-tested in Node.
 */
import { bisector, curveLinear, curveStepAfter, line, scaleLinear, scaleLog } from 'd3';
import type { HistoryPoint } from '../../state/lossHistory';
import { formatTick } from './tickFormat';

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

export function logTicks(scale: ReturnType<typeof scaleLog>): number[] {
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
    const train = line<HistoryPoint>()
      .curve(curveLinear)
      .defined((point) => showable(point.trainLoss[task], logScale))
      .x((point) => xScale(point.step))
      .y((point) => yScale(point.trainLoss[task]))(points);
    if (train) series.push({ task, split: 'train', path: train });
    // Test loss is re-evaluated every few dozen steps and held in between: steps that change at
    // the step it was evaluated at, not at the (possibly later) snapshot that carried it.
    const test = line<HeldValue>()
      .curve(curveStepAfter)
      .defined((point) => showable(point.value, logScale))
      .x((point) => xScale(point.step))
      .y((point) => yScale(point.value))(testLossPoints(points, (point) => point.testLoss[task]));
    if (test) series.push({ task, split: 'test', path: test });
  }

  const xTicks = xScale.ticks(Math.max(2, Math.floor(innerWidth / 90))).map((value) => ({
    value,
    label: formatTick(value),
    offset: xScale(value),
  }));
  const yValues = logScale ? logTicks(yScale as ReturnType<typeof scaleLog>) : yScale.ticks(5);
  const yTicks = yValues.map((value) => ({
    value,
    label: formatTick(value),
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

export interface HeldValue {
  step: number;
  value: number;
  /** False for the last point, which only holds the latest evaluation up to the current step. */
  evaluated: boolean;
}

/**
 * A held value (the test loss) as the steps it was evaluated at, from history points that carry
 * `testStep`, held up to the last point's step. Points without `testStep` count at their own step.
 */
export function testLossPoints(
  points: HistoryPoint[],
  pick: (point: HistoryPoint) => number,
): HeldValue[] {
  const out: HeldValue[] = [];
  for (const point of points) {
    const step = Number.isFinite(point.testStep) ? (point.testStep as number) : point.step;
    const last = out[out.length - 1];
    if (last && step < last.step) continue;
    if (last && step === last.step) last.value = pick(point);
    else out.push({ step, value: pick(point), evaluated: true });
  }
  const end = points[points.length - 1];
  const held = out[out.length - 1];
  if (end && held && held.step < end.step) {
    out.push({ step: end.step, value: held.value, evaluated: false });
  }
  return out;
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
