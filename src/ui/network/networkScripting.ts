/**
 * `mtlLab.getNetworkView()` / `setNetworkView()` (issue 18 §6): what the network view draws, in
 * the shape, so tests and lessons can read it. Edges are unit to unit (`group:unit`);
 * gate and cross-stitch bands are group to group. Thumbnails are row-major G × G grids per unit.
 */
import type { PlaneKind, PlaneSpec } from '../../core/network/plane';
import type { NetworkViewData, ViewEdge } from '../../core/network/view';
import {
  LINK_VIEWS,
  refreshNetworkView,
  setNetworkViewOptions,
  useNetworkViewStore,
  type LinkView,
} from '../../state/networkView';

export interface ScriptedNetworkView {
  step: number;
  plane: { kind: PlaneKind; axes: [number, number] };
  /** Input features switched off in the run drawn (the network sees them at 0), ascending. */
  inputsOff: number[];
  grid: number;
  nodes: {
    id: string;
    layer: number;
    kind: NetworkViewData['groups'][number]['kind'];
    task?: number;
    units?: number;
  }[];
  /**
   * One per drawn weight; in the "task-pull" and "conflict" link views also the task that pulls
   * it most (−1: none), that task's share and the conflict (core/network/linkGradients.ts).
   */
  edges: ScriptedEdge[];
  links: LinkView;
  /** Per gate group, its mean weights over the data, in node order (null when none). */
  gates: number[][] | null;
  gateIds: string[];
  thumbnails: Record<string, number[]>;
  /** Output node id -> the task's true map over the plane (row-major); null for imported data. */
  truth: Record<string, number[]> | null;
  /** Training points on the plane (≤ 80): coordinates and labels[task][point] (NaN: missing). */
  points: { s: number[]; t: number[]; labels: number[][] } | null;
}

export interface ScriptedEdge {
  from: string;
  to: string;
  weight: number;
  pullTask?: number;
  pullShare?: number;
  conflict?: number;
}

export interface NetworkScriptingApi {
  /** The view as drawn; `fresh` waits for a new one from the worker first. */
  getNetworkView(options?: { fresh?: boolean }): Promise<ScriptedNetworkView | null>;
  /** `open: false` hides the view and stops its refreshes. */
  setNetworkView(options: { plane?: PlaneSpec; links?: LinkView; open?: boolean }): Promise<void>;
}

function withPull(edge: ViewEdge, n: number, base: ScriptedEdge): ScriptedEdge {
  const p = edge.pull;
  return p
    ? { ...base, pullTask: p.task[n], pullShare: p.share[n], conflict: p.conflict[n] }
    : base;
}

function toScripted(view: NetworkViewData, links: LinkView): ScriptedNetworkView {
  const cells = view.grid * view.grid;
  const units = new Map(view.groups.map((g) => [g.id, g.units]));
  const thumbnails: Record<string, number[]> = {};
  for (const g of view.groups) {
    const values = view.thumbnails[g.id];
    for (let u = 0; u < g.units; u++) {
      thumbnails[`${g.id}:${u}`] = Array.from(values.subarray(u * cells, (u + 1) * cells));
    }
  }
  const edges = view.edges.flatMap((e) => {
    if (e.kind !== 'dense') {
      const from = e.fromUnit === undefined ? e.from : `${e.from}:${e.fromUnit}`;
      return [withPull(e, 0, { from, to: e.to, weight: e.weights[0] })];
    }
    const inW = units.get(e.from) ?? 0;
    const outW = units.get(e.to) ?? 0;
    const out: ScriptedEdge[] = [];
    for (let i = 0; i < inW; i++) {
      for (let j = 0; j < outW; j++) {
        const n = i * outW + j;
        out.push(
          withPull(e, n, { from: `${e.from}:${i}`, to: `${e.to}:${j}`, weight: e.weights[n] }),
        );
      }
    }
    return out;
  });
  const gateIds = Object.keys(view.gates);
  return {
    step: view.step,
    plane: { kind: view.plane.kind, axes: view.plane.axes },
    inputsOff: view.plane.inputsOff.slice(),
    grid: view.grid,
    nodes: view.groups.map((g) => ({
      id: g.id,
      layer: g.layer,
      kind: g.kind,
      units: g.units,
      ...(g.task === undefined ? {} : { task: g.task }),
    })),
    edges,
    links,
    gates: gateIds.length ? gateIds.map((id) => view.gates[id].slice()) : null,
    gateIds,
    thumbnails,
    truth: view.truth
      ? Object.fromEntries(Object.entries(view.truth).map(([id, map]) => [id, Array.from(map)]))
      : null,
    points: view.points,
  };
}

export function networkScripting(): NetworkScriptingApi {
  return {
    async getNetworkView(options) {
      if (options?.fresh) await refreshNetworkView();
      const { view, links } = useNetworkViewStore.getState();
      return view ? toScripted(view, links) : null;
    },
    async setNetworkView(options) {
      if (options.links !== undefined && !LINK_VIEWS.includes(options.links)) {
        throw new Error(
          `unknown link view "${String(options.links)}"; use ${LINK_VIEWS.join(', ')}`,
        );
      }
      const plane = options.plane;
      if (plane && plane.kind !== 'features' && plane.kind !== 'task-weights') {
        throw new Error(`unknown plane kind "${String(plane.kind)}"; use features or task-weights`);
      }
      setNetworkViewOptions(options);
      if (useNetworkViewStore.getState().open) await refreshNetworkView();
      const error = useNetworkViewStore.getState().error;
      if (error) throw new Error(error);
    },
  };
}
