/**
 * What an architecture's drawing is made of (drawing.ts builds them; the network view draws them).
 * A leaf of its own, so model/types.ts can name NetworkDrawing without importing drawing.ts.
 */
export type DrawnKind = 'input' | 'hidden' | 'expert' | 'gate' | 'tower' | 'output';

export interface DrawnGroup {
  id: string;
  kind: DrawnKind;
  /** Column of the diagram, 0 = inputs; groups of one column stack vertically. */
  layer: number;
  /** The task the group belongs to (towers, outputs, task experts, gates); absent when shared. */
  task?: number;
  units: number;
  label: string;
  /** Activation source: the tapped name ('input' for the inputs) and its flat lead index. */
  tap: string;
  slot: number;
}

/**
 * Where an edge's weights come from.
 *   dense      unit i -> unit j weighs P[slot][i][j] of kernel `param` ([...lead, in, out])
 *   scalar     one band between the groups, weight P.flat[index] (cross-stitch units)
 *   gate       one band weighted by the mean of gate group `gate`'s unit `unit` over the data
 */
export type WeightSource =
  | { kind: 'dense'; param: string; slot: number }
  | { kind: 'scalar'; param: string; index: number }
  | { kind: 'gate'; gate: string; unit: number };

export interface DrawnEdge {
  from: string;
  to: string;
  /** The link leaves only this unit of `from` (attention from one feature); else the group. */
  fromUnit?: number;
  weights: WeightSource;
}

export interface NetworkDrawing {
  groups: DrawnGroup[];
  edges: DrawnEdge[];
}
