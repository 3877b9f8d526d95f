/**
 * Typing a new value into one drawn link (issue 18 §4): which parameter entry a link is, checked
 * against the drawing the page saw, and the weights with that one entry replaced. The engine takes
 * the weights over through its usual `importWeights` (training continues from them; the
 * optimizer's moments restart, as after loading a weights file).
 */
import type { NetworkDrawing } from '../model/drawingTypes';
import type { WeightEntry } from '../train/weights';

/** One link as the page drew it: edge `edge` of the drawing, unit `fromUnit` -> unit `toUnit`. */
export interface WeightEditRequest {
  edge: number;
  /** The edge's group ids, so an edit aimed at an older drawing is refused, not misplaced. */
  from: string;
  to: string;
  fromUnit: number;
  toUnit: number;
  value: number;
}

/** Largest |weight| a person may type: far beyond any trained value, short of overflow. */
export const MAX_EDITED_WEIGHT = 1000;

export interface WeightAddress {
  param: string;
  index: number;
}

export function weightAddress(
  drawing: NetworkDrawing,
  shapes: Map<string, number[]>,
  request: Omit<WeightEditRequest, 'value'>,
): WeightAddress {
  const edge = drawing.edges[request.edge] as NetworkDrawing['edges'][number] | undefined;
  if (!edge || edge.from !== request.from || edge.to !== request.to) {
    throw new Error('the network changed since this link was drawn; pick the link again');
  }
  const w = edge.weights;
  if (w.kind === 'gate') {
    throw new Error(
      "a gate band is the gate's mean over the data, not a weight; edit the gate's incoming links",
    );
  }
  if (w.kind === 'scalar') return { param: w.param, index: w.index };
  const units = (id: string) => drawing.groups.find((g) => g.id === id)?.units ?? 0;
  const { fromUnit: i, toUnit: j } = request;
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0) {
    throw new Error(`units are counted from 0; got ${i} -> ${j}`);
  }
  if (i >= units(edge.from) || j >= units(edge.to)) {
    throw new Error(`${edge.from} -> ${edge.to} has no link from unit ${i + 1} to unit ${j + 1}`);
  }
  const shape = shapes.get(w.param);
  if (!shape) throw new Error(`the model has no parameter "${w.param}"`);
  const [inW, outW] = shape.slice(-2);
  return { param: w.param, index: w.slot * inW * outW + i * outW + j };
}

/** `weights` with the requested entry set (a copy of that one parameter); throws on bad input. */
export function editWeight(
  weights: WeightEntry[],
  drawing: NetworkDrawing,
  request: WeightEditRequest,
): { weights: WeightEntry[]; address: WeightAddress; before: number } {
  const { value } = request;
  if (!Number.isFinite(value) || Math.abs(value) > MAX_EDITED_WEIGHT) {
    throw new Error(
      `a weight must be a number between −${MAX_EDITED_WEIGHT} and ${MAX_EDITED_WEIGHT}`,
    );
  }
  const shapes = new Map(weights.map((w) => [w.name, w.shape]));
  const address = weightAddress(drawing, shapes, request);
  let before = NaN;
  const edited = weights.map((w) => {
    if (w.name !== address.param) return w;
    const values = w.values.slice();
    before = values[address.index];
    values[address.index] = value;
    return { ...w, values };
  });
  return { weights: edited, address, before };
}
