/**
 * What the task outputs panel draws beside each task's prediction (issue 18 §2): the task's true
 * map over the network view's plane and the training points projected on it.
 *
 * The true map is the generator's noiseless target (generator.ts, reference §1.3 step 5 without
 * σ ε) at each grid point, in the units the task's output thumbnail is in:
 *   regression   scale · Σ_{k=1..d} z^k with z = x · w_t (the model trains on this label as is);
 *   binary       the noiseless score minus the task's cut, so its sign is the noiseless class, as
 *                the sign of the output logit is the predicted class;
 *   multiclass   the noiseless class index minus (C − 1) / 2 (the thumbnail draws output unit 0,
 *                a logit, so only the class boundaries are comparable).
 * Imported tables have no true function: the truth is null there (the panel says so). The points
 * are at most POINT_SAMPLE training rows, evenly spaced, as plane coordinates s = (x − o) · u and
 * t = (x − o) · v, with their stored labels (NaN where a label is missing).
 */
import type { TaskSpec } from '../config/schema';
import { classOf } from '../data/labels';
import type { Dataset } from '../data/types';
import { gridPoints, type Plane } from './plane';

/** Few enough to leave the small maps readable under them (the brief allows up to 200). */
export const POINT_SAMPLE = 80;

export interface PlanePoints {
  /** Plane coordinates of each point, in the plane's input units (|s| ≤ extent is on the map). */
  s: number[];
  t: number[];
  /** labels[task][point]: the stored label, NaN where the task's label is missing. */
  labels: number[][];
}

export interface PlaneOverlay {
  /** Output group id (output/t<task>) -> the true map, G × G row-major; null for imported data. */
  truth: Record<string, Float32Array> | null;
  points: PlanePoints;
}

/** The noiseless target of one task at one input row, in its output thumbnail's units. */
export function noiselessTarget(
  spec: TaskSpec,
  weights: number[],
  cuts: number[],
  x: ArrayLike<number>,
  offset = 0,
): number {
  let z = 0;
  for (let k = 0; k < weights.length; k++) z += x[offset + k] * weights[k];
  let power = z;
  let score = z;
  for (let k = 2; k <= spec.degree; k++) {
    power *= z;
    score += power;
  }
  if (spec.kind === 'regression') return spec.scale * score;
  if (spec.kind === 'binary') return score - (cuts[0] ?? 0);
  return classOf(score, cuts) - (spec.classes - 1) / 2;
}

function truthMaps(dataset: Dataset, plane: Plane, grid: number): PlaneOverlay['truth'] {
  const source = dataset.source;
  if (source.kind !== 'generator') return null;
  const D = dataset.features;
  const x = gridPoints(plane, grid);
  const out: Record<string, Float32Array> = {};
  source.config.taskSpecs.forEach((spec, t) => {
    const map = new Float32Array(grid * grid);
    for (let n = 0; n < map.length; n++) {
      map[n] = noiselessTarget(spec, source.weights[t], source.thresholds?.[t] ?? [], x, n * D);
    }
    out[`output/t${t}`] = map;
  });
  return out;
}

function projectedPoints(dataset: Dataset, plane: Plane): PlanePoints {
  const { rows, x, y, mask } = dataset.train;
  const D = dataset.features;
  const T = dataset.tasks.length;
  const count = Math.min(POINT_SAMPLE, rows);
  const points: PlanePoints = { s: [], t: [], labels: dataset.tasks.map(() => []) };
  for (let i = 0; i < count; i++) {
    const r = Math.floor((i * rows) / count);
    let s = 0;
    let t = 0;
    for (let d = 0; d < D; d++) {
      const centred = x[r * D + d] - plane.origin[d];
      s += centred * plane.u[d];
      t += centred * plane.v[d];
    }
    points.s.push(s);
    points.t.push(t);
    for (let k = 0; k < T; k++) {
      points.labels[k].push(mask && !mask[r * T + k] ? NaN : y[r * T + k]);
    }
  }
  return points;
}

export function planeOverlay(dataset: Dataset, plane: Plane, grid: number): PlaneOverlay {
  return { truth: truthMaps(dataset, plane, grid), points: projectedPoints(dataset, plane) };
}
