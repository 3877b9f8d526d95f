/**
 * The network view's numbers (issue 18 §2): one batched forward pass of a G × G grid over a plane
 * through input space, with every drawn group's activation read from the forward's taps
 * (activationTap.ts), plus each gate's mean over a sample of training rows and every drawn edge's
 * weights, all downloaded in ONE readback (`await data()`). The page asks for it a few times a
 * second at most, between training chunks, never per step.
 */
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import { tappedForward } from '../engines/tfjs/forward';
import { INPUT_GROUP, type DrawnGroup, type NetworkDrawing } from '../model/drawing';
import type { ArchitectureDefinition, ModelDims, ParamSpec } from '../model/types';
import {
  edgeTaskRows,
  pullStats,
  readPull,
  taskGradients,
  type LinkPull,
  type SampleLabels,
} from './linkGradients';
import { gridPoints, type Plane, type PlaneKind } from './plane';
import type { PlaneOverlay, PlanePoints } from './planeTruth';

export interface ViewModel {
  arch: ArchitectureDefinition;
  config: ModelConfig;
  dims: ModelDims;
  specs: ParamSpec[];
  /** Parameter values in spec order, as stored (no copies axis). */
  values: tf.Tensor[];
}

export interface ViewEdge {
  from: string;
  to: string;
  fromUnit?: number;
  kind: 'dense' | 'scalar' | 'gate';
  /** dense: from.units × to.units row-major (w[i * to.units + j] = unit i -> unit j); else [w]. */
  weights: number[];
  /** dense: the receiving layer's bias, one per unit of `to`. */
  bias?: number[];
  /** Task pull and conflict per weight (linkGradients.ts), when the view was asked for them. */
  pull?: LinkPull;
}

export interface NetworkViewData {
  step: number;
  plane: {
    kind: PlaneKind;
    axes: [number, number];
    labels: [string, string];
    extent: [number, number];
    /** Input features the network saw at 0 (switched off), ascending; [] when none. */
    inputsOff: number[];
  };
  grid: number;
  groups: DrawnGroup[];
  edges: ViewEdge[];
  /** Gate group id -> its mean weight per unit over the sampled training rows. */
  gates: Record<string, number[]>;
  /** Group id -> units × G² activations, unit-major, each unit's grid row-major (top row first). */
  thumbnails: Record<string, Float32Array>;
  /** The colour scale's half-range: the 98th percentile of |activation| over all thumbnails. */
  range: number;
  /** Output group id -> the task's true map over the plane (planeTruth.ts); null: no truth known. */
  truth: Record<string, Float32Array> | null;
  /** Training points projected on the plane, with their labels; null when not asked for. */
  points: PlanePoints | null;
}

/** Training rows the gates' means are taken over (the first ones of the train split). */
export const NETWORK_VIEW_SAMPLE = 256;

interface ViewArgs {
  model: ViewModel;
  plane: Plane;
  grid: number;
  /** Training rows [rows, D] for the gates' means (rows > 0). */
  sample: Float32Array;
  sampleRows: number;
  /** The sample rows' labels: given, every drawn weight's task pull and conflict is computed. */
  labels?: SampleLabels;
  /** The tasks' true maps and the training points (planeTruth.ts), computed on the host. */
  overlay?: PlaneOverlay;
  step: number;
}

function groupActivation(
  group: DrawnGroup,
  taps: Map<string, tf.Tensor>,
  x: tf.Tensor2D,
  rows: number,
): tf.Tensor2D {
  if (group.tap === INPUT_GROUP) return x;
  const a = taps.get(group.tap);
  if (!a) throw new Error(`the forward reported no activation "${group.tap}" (group ${group.id})`);
  const U = a.shape[a.rank - 1];
  const L = a.size / (rows * U);
  const slice = tf.slice(tf.reshape(a, [L, rows, U]), [group.slot, 0, 0], [1, rows, group.units]);
  return tf.reshape(slice, [rows, group.units]) as tf.Tensor2D;
}

/** Forward on rows x [rows, D] with taps; returns the taps (inside the caller's tidy). */
function viewTaps(model: ViewModel, x: tf.Tensor2D): Map<string, tf.Tensor> {
  const { out, taps } = tappedForward(model, model.values, x);
  taps.set('output', out.outputs); // [T, B, K]: what the engine trains on, by definition
  return taps;
}

function edgeWeights(model: ViewModel, drawing: NetworkDrawing): tf.Tensor[] {
  const units = new Map(drawing.groups.map((g) => [g.id, g.units]));
  const byName = new Map(model.specs.map((s, i) => [s.name, model.values[i]]));
  const value = (name: string) => {
    const v = byName.get(name);
    if (!v) throw new Error(`the drawing reads a parameter the model lacks: "${name}"`);
    return v;
  };
  return drawing.edges.flatMap((e) => {
    const w = e.weights;
    if (w.kind === 'gate') return [];
    if (w.kind === 'scalar') return [tf.slice(tf.reshape(value(w.param), [-1]), [w.index], [1])];
    const p = value(w.param);
    const [inW, outW] = p.shape.slice(-2);
    const fromUnits = units.get(e.from) ?? 0;
    const toUnits = units.get(e.to) ?? 0;
    const stack = tf.reshape(p, [-1, inW, outW]);
    const bias = tf.reshape(value(w.param.replace(/kernel$/, 'bias')), [-1, outW]);
    return [
      tf.reshape(tf.slice(stack, [w.slot, 0, 0], [1, fromUnits, toUnits]), [-1]),
      tf.reshape(tf.slice(bias, [w.slot, 0], [1, toUnits]), [-1]),
    ];
  });
}

function percentileAbs(values: Float32Array, q: number): number {
  const step = Math.max(1, Math.floor(values.length / 20000)); // a sample is enough for a scale
  const abs: number[] = [];
  for (let i = 0; i < values.length; i += step) abs.push(Math.abs(values[i]));
  abs.sort((a, b) => a - b);
  return abs.length ? abs[Math.min(abs.length - 1, Math.floor(q * abs.length))] : 0;
}

export async function computeNetworkView(args: ViewArgs): Promise<NetworkViewData> {
  const { model, plane, grid, sample, sampleRows } = args;
  const drawing = model.arch.drawing(model.config, model.dims);
  const gateGroups = drawing.groups.filter((g) => g.kind === 'gate');
  const N = grid * grid;
  const D = model.dims.features;
  const unitsOf = new Map(drawing.groups.map((g) => [g.id, g.units]));
  const units = (id: string) => unitsOf.get(id) ?? 0;
  const flat = tf.tidy(() => {
    const xGrid = tf.tensor2d(gridPoints(plane, grid), [N, D]);
    const taps = viewTaps(model, xGrid);
    const parts: tf.Tensor[] = drawing.groups.map((g) =>
      tf.reshape(tf.transpose(groupActivation(g, taps, xGrid, N)), [-1]),
    );
    const xSample = tf.tensor2d(sample, [sampleRows, D]);
    if (gateGroups.length > 0) {
      const sampleTaps = viewTaps(model, xSample);
      for (const g of gateGroups) {
        parts.push(tf.mean(groupActivation(g, sampleTaps, xSample, sampleRows), 0));
      }
    }
    parts.push(...edgeWeights(model, drawing));
    if (args.labels) {
      const grads = taskGradients(model, { x: sample, rows: sampleRows }, args.labels);
      for (const e of drawing.edges) {
        const rows = edgeTaskRows(e, model.specs, grads, model.dims, units(e.from), units(e.to));
        if (rows) parts.push(pullStats(rows));
      }
    }
    return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
  });
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  let at = 0;
  const take = (n: number) => data.subarray(at, (at += n));
  const thumbnails: Record<string, Float32Array> = {};
  for (const g of drawing.groups) thumbnails[g.id] = take(g.units * N).slice();
  const gates: Record<string, number[]> = {};
  for (const g of gateGroups) gates[g.id] = Array.from(take(g.units));
  const edges: ViewEdge[] = drawing.edges.map((e) => {
    const w = e.weights;
    const base = {
      from: e.from,
      to: e.to,
      ...(e.fromUnit === undefined ? {} : { fromUnit: e.fromUnit }),
    };
    if (w.kind === 'gate')
      return { ...base, kind: 'gate', weights: [gates[w.gate]?.[w.unit] ?? 0] };
    if (w.kind === 'scalar') return { ...base, kind: 'scalar', weights: Array.from(take(1)) };
    const n = units(e.from) * units(e.to);
    const weights = Array.from(take(n));
    return { ...base, kind: 'dense', weights, bias: Array.from(take(units(e.to))) };
  });
  if (args.labels) {
    for (const edge of edges) {
      const n = edge.kind === 'gate' ? 0 : edge.weights.length;
      if (n > 0) edge.pull = readPull(take(3 * n), n);
    }
  }
  const all = data.subarray(
    0,
    drawing.groups.reduce((s, g) => s + g.units * N, 0),
  );
  return {
    step: args.step,
    plane: {
      kind: plane.kind,
      axes: plane.axes,
      labels: plane.labels,
      extent: plane.extent,
      inputsOff: plane.inputsOff ?? [],
    },
    grid,
    groups: drawing.groups,
    edges,
    gates,
    thumbnails,
    range: percentileAbs(all, 0.98) || 1,
    truth: args.overlay?.truth ?? null,
    points: args.overlay?.points ?? null,
  };
}

/**
 * The same view for an engine that keeps its weights on the host (wasm-fused): the weights go to
 * the current tfjs backend for the one grid forward and are freed after.
 */
export async function computeNetworkViewFromWeights(
  args: Omit<ViewArgs, 'model'> & {
    model: Omit<ViewModel, 'values'>;
    weights: { name: string; shape: number[]; values: Float32Array }[];
  },
): Promise<NetworkViewData> {
  const byName = new Map(args.weights.map((w) => [w.name, w]));
  const values = args.model.specs.map((s) => {
    const w = byName.get(s.name);
    if (!w) throw new Error(`the engine exported no weight "${s.name}"`);
    return tf.tensor(w.values, s.shape);
  });
  try {
    return await computeNetworkView({ ...args, model: { ...args.model, values } });
  } finally {
    tf.dispose(values);
  }
}
