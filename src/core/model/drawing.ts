/**
 * How an architecture describes its own drawing for the network view (issue 18; issue 20 §6):
 * groups of units (inputs, hidden layers, experts, gates, towers, outputs) placed in columns, and
 * edges between groups that say where their weights come from. The description is pure data
 * computed from the config, declared next to each architecture and reached through the registry,
 * so a new architecture never edits the view.
 *
 * Every group names the activation it draws: `tap` is a name the forward reports through
 * `ops.tap` (ops.ts; each dense layer reports `${prefix}`; architectures report their mixtures,
 * gates and tokens) and `slot` a flat index over that activation's leading stacking axes.
 */
import type { ModelConfig } from '../config/schema';
import type { ModelDims } from './types';

export type { DrawnEdge, DrawnGroup, NetworkDrawing } from './drawingTypes';
import type { DrawnEdge, DrawnGroup, DrawnKind, NetworkDrawing } from './drawingTypes';

export const INPUT_GROUP = 'input';

export function inputGroup(dims: ModelDims): DrawnGroup {
  return {
    id: INPUT_GROUP,
    kind: 'input',
    layer: 0,
    units: dims.features,
    label: 'inputs',
    tap: INPUT_GROUP,
    slot: 0,
  };
}

/** One dense edge: kernel `${prefix}/kernel`, stack `slot`. */
export function denseEdge(from: string, to: string, prefix: string, slot: number): DrawnEdge {
  return { from, to, weights: { kind: 'dense', param: `${prefix}/kernel`, slot } };
}

interface StackArgs {
  /** Parameter prefix: layer l is `${prefix}/${l}` (also its tap name). */
  prefix: string;
  widths: number[];
  /** The group the first layer reads. */
  from: string;
  firstLayer: number;
  slot: number;
  kind: DrawnKind;
  task?: number;
  /** Group id and label of layer l. */
  id: (l: number) => string;
  label: (l: number) => string;
}

/** A stack of dense layers (trunk, expert, column, tower) as groups and dense edges. */
export function denseStack(args: StackArgs): NetworkDrawing & { last: string } {
  const groups: DrawnGroup[] = [];
  const edges: DrawnEdge[] = [];
  let from = args.from;
  args.widths.forEach((units, l) => {
    const id = args.id(l);
    groups.push({
      id,
      kind: args.kind,
      layer: args.firstLayer + l,
      units,
      label: args.label(l),
      tap: `${args.prefix}/${l}`,
      slot: args.slot,
      ...(args.task === undefined ? {} : { task: args.task }),
    });
    edges.push(denseEdge(from, id, `${args.prefix}/${l}`, args.slot));
    from = id;
  });
  return { groups, edges, last: from };
}

/** Task t's tower (config.tower layers) and output, reading group `inputs[t]`, from `layer` on. */
export function towersDrawing(
  config: ModelConfig,
  dims: ModelDims,
  inputs: string[],
  layer: number,
): NetworkDrawing {
  const groups: DrawnGroup[] = [];
  const edges: DrawnEdge[] = [];
  for (let t = 0; t < dims.tasks; t++) {
    const tower = denseStack({
      prefix: 'towers',
      widths: config.tower,
      from: inputs[t],
      firstLayer: layer,
      slot: t,
      kind: 'tower',
      task: t,
      id: (l) => `towers/${l}/t${t}`,
      label: (l) => `task ${t + 1} tower ${l + 1}`,
    });
    const id = `output/t${t}`;
    groups.push(...tower.groups, {
      id,
      kind: 'output',
      layer: layer + config.tower.length,
      task: t,
      units: dims.outputs[t],
      label: `task ${t + 1} output`,
      tap: 'output',
      slot: t,
    });
    edges.push(...tower.edges, denseEdge(tower.last, id, 'output', t));
  }
  return { groups, edges };
}

export function joinDrawings(...parts: NetworkDrawing[]): NetworkDrawing {
  return { groups: parts.flatMap((p) => p.groups), edges: parts.flatMap((p) => p.edges) };
}

interface MixtureArgs {
  /** Gate group: reads `stream` through kernel `${gatePrefix}/kernel` stack `slot`. */
  gateId: string;
  gatePrefix: string;
  gateTap: string;
  /** Mixture group: the gate-weighted sum of `experts` (their last layers). */
  mixId: string;
  mixTap: string;
  slot: number;
  stream: string;
  experts: string[];
  units: number;
  layer: number;
  task?: number;
  label: string;
}

/** A softmax gate over experts and the mixture it makes; expert -> mixture bands weigh the gate. */
export function mixtureDrawing(args: MixtureArgs): NetworkDrawing {
  const task = args.task === undefined ? {} : { task: args.task };
  const groups: DrawnGroup[] = [
    {
      id: args.gateId,
      kind: 'gate',
      layer: args.layer,
      units: args.experts.length,
      label: `${args.label} gate`,
      tap: args.gateTap,
      slot: args.slot,
      ...task,
    },
    {
      id: args.mixId,
      kind: 'hidden',
      layer: args.layer + 1,
      units: args.units,
      label: `${args.label} mixture`,
      tap: args.mixTap,
      slot: args.slot,
      ...task,
    },
  ];
  const edges: DrawnEdge[] = [
    denseEdge(args.stream, args.gateId, args.gatePrefix, args.slot),
    ...args.experts.map((expert, unit): DrawnEdge => ({
      from: expert,
      to: args.mixId,
      weights: { kind: 'gate', gate: args.gateId, unit },
    })),
  ];
  return { groups, edges };
}
