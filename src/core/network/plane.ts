/**
 * The 2-D plane through input space that the network view draws every unit over (issue 18 §2):
 *   features      two input features a, b; the others held at their training mean;
 *   task-weights  (generated data) the plane spanned by tasks a and b's true weight vectors,
 *                 through the mean: u = w_a / |w_a|, v = the part of w_b orthogonal to u,
 *                 normalised, so task a's label varies along u and task b's along u and v.
 * Coordinates run over ±EXTENT standard deviations (a feature's own; for task-weights the root
 * mean feature variance). Means and deviations are those of the train split as the network sees
 * it (`trainColumns`): for a standardised table 0 and 1, not the raw table's featureMean and
 * featureStd (the standardisation's own numbers, in the table's units), which put the plane's
 * centre far off the data. Grid cell (r, c) of a G × G grid is row r from the top (v high) and
 * column c from the left (u low), row-major, as every thumbnail is stored.
 */
import { trainStandardization } from '../data/standardize';
import type { Dataset } from '../data/types';

export type PlaneKind = 'features' | 'task-weights';

export interface PlaneSpec {
  kind: PlaneKind;
  /** Feature indices (features) or task indices (task-weights). */
  axes: [number, number];
}

export interface Plane extends PlaneSpec {
  labels: [string, string];
  origin: number[];
  u: number[];
  v: number[];
  /** Half-width of the drawn square along u and along v, in input units. */
  extent: [number, number];
  /** Input features the network sees at 0 (switched off, data/featuresOff.ts visiblePlane). */
  inputsOff?: number[];
}

export const EXTENT = 2.5;

/** Why a plane cannot be drawn on this data, or null when it can. */
export function planeProblem(spec: PlaneSpec, dataset: Dataset): string | null {
  const [a, b] = spec.axes;
  const n = spec.kind === 'features' ? dataset.features : dataset.tasks.length;
  const what = spec.kind === 'features' ? 'feature' : 'task';
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= n || b >= n) {
    return `the plane's ${what}s must be two of 1..${n}`;
  }
  if (a === b) return `the plane needs two different ${what}s`;
  if (spec.kind === 'task-weights' && dataset.source.kind !== 'generator') {
    return 'the task-weight plane needs generated data (an imported table has no true weights)';
  }
  return null;
}

/** A default that always fits: the first two features (or the only one, twice). */
export function defaultPlane(dataset: Dataset): PlaneSpec {
  return { kind: 'features', axes: [0, Math.min(1, dataset.features - 1)] };
}

function unit(w: number[]): number[] {
  const norm = Math.hypot(...w);
  return norm > 0 ? w.map((x) => x / norm) : w.map(() => 0);
}

const columnCache = new WeakMap<Float32Array, { mean: number[]; std: number[] }>();

/** Mean and std of each column of the train split as stored (what the network is trained on). */
export function trainColumns(dataset: Dataset): { mean: number[]; std: number[] } {
  const { x, rows } = dataset.train;
  const cached = columnCache.get(x);
  if (cached) return cached;
  const stats = trainStandardization(Float64Array.from(x), dataset.features, new Uint8Array(rows));
  columnCache.set(x, stats);
  return stats;
}

export function makePlane(spec: PlaneSpec, dataset: Dataset): Plane {
  const problem = planeProblem(spec, dataset);
  // One feature only: the second axis repeats the first (a plane with a constant direction).
  if (problem && !(dataset.features === 1 && spec.kind === 'features')) throw new Error(problem);
  const D = dataset.features;
  const columns = trainColumns(dataset);
  const origin = columns.mean.slice();
  const [a, b] = spec.axes;
  const source = dataset.source;
  if (spec.kind === 'task-weights' && source.kind === 'generator') {
    // The weights cover the informative columns; irrelevant columns (appended after) get 0.
    const full = (w: number[]) => Array.from({ length: D }, (_, d) => w[d] ?? 0);
    const u = unit(full(source.weights[a]));
    const wb = full(source.weights[b]);
    const along = wb.reduce((s, x, i) => s + x * u[i], 0);
    const v = unit(wb.map((x, i) => x - along * u[i]));
    const spread = Math.sqrt(columns.std.reduce((s, x) => s + x * x, 0) / D);
    return {
      ...spec,
      labels: [`task ${a + 1} direction`, `task ${b + 1} direction (⊥)`],
      origin,
      u,
      v,
      extent: [EXTENT * spread, EXTENT * spread],
    };
  }
  const names = source.kind === 'csv' ? source.featureNames : null;
  const axis = (i: number) => Array.from({ length: D }, (_, d) => (d === i ? 1 : 0));
  return {
    ...spec,
    labels: [names?.[a] ?? `x${a + 1}`, names?.[b] ?? `x${b + 1}`],
    origin,
    u: axis(a),
    v: axis(b),
    extent: [EXTENT * (columns.std[a] || 1), EXTENT * (columns.std[b] || 1)],
  };
}

/** Plane coordinates (s, t) of grid cell (r, c): s grows to the right, t upwards. */
export function cellCoordinates(
  plane: Plane,
  grid: number,
  r: number,
  c: number,
): [number, number] {
  const frac = (i: number) => (grid === 1 ? 0 : (2 * i) / (grid - 1) - 1);
  return [frac(c) * plane.extent[0], -frac(r) * plane.extent[1]];
}

/** The G × G grid's input points, row-major [G * G, D]. */
export function gridPoints(plane: Plane, grid: number): Float32Array {
  const D = plane.origin.length;
  const out = new Float32Array(grid * grid * D);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      const [s, t] = cellCoordinates(plane, grid, r, c);
      const row = (r * grid + c) * D;
      for (let d = 0; d < D; d++) out[row + d] = plane.origin[d] + s * plane.u[d] + t * plane.v[d];
    }
  }
  return out;
}
