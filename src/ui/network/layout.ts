/**
 * Where the network view draws each group: columns by the drawing's `layer`, groups of a column
 * stacked and centred, units as square thumbnails. A large group shows its most active units
 * (largest spread over the plane) and says how many it leaves out, so D = 64 inputs and T = 8
 * tasks stay legible at 1280 × 800.
 */
import type { DrawnGroup } from '../../core/model/drawing';

export interface GroupBox {
  group: DrawnGroup;
  x: number;
  y: number;
  /** Unit indices drawn, top to bottom. */
  shown: number[];
  /** Side of a unit's thumbnail (gates: the bar height). */
  size: number;
  height: number;
}

export interface NetworkLayout {
  width: number;
  height: number;
  boxes: Map<string, GroupBox>;
  /** Unit i of a group: the centre of its thumbnail. */
  unitY: (box: GroupBox, i: number) => number;
}

/** Room above a group's first unit for its label (9 px text and its descenders). */
const LABEL = 13;
const GAP = 2;
const GROUP_GAP = 8;
const MAX_SIZE = 26;
const MIN_SIZE = 9;
const MAX_OUTPUT = 44;

/** Most important first: by `importance` (higher first), then index; kept in index order. */
export function pickUnits(units: number, cap: number, importance: (i: number) => number): number[] {
  if (units <= cap) return Array.from({ length: units }, (_, i) => i);
  return Array.from({ length: units }, (_, i) => i)
    .sort((a, b) => importance(b) - importance(a) || a - b)
    .slice(0, cap)
    .sort((a, b) => a - b);
}

export function layoutNetwork(
  groups: DrawnGroup[],
  width: number,
  height: number,
  importance: (group: string, unit: number) => number,
): NetworkLayout {
  const columns = new Map<number, DrawnGroup[]>();
  for (const g of groups) columns.set(g.layer, [...(columns.get(g.layer) ?? []), g]);
  const layers = [...columns.keys()].sort((a, b) => a - b);
  const boxes = new Map<string, GroupBox>();
  // Each column sizes its thumbnails to fit (outputs, few, get larger ones); the densest column
  // decides how many units a large group shows.
  const columnSize = (layer: number, cap: number) => {
    const col = columns.get(layer) ?? [];
    const units = col.reduce((s, g) => s + Math.min(g.units, cap), 0);
    const fixed = col.length * (LABEL + GROUP_GAP);
    const most = col.every((g) => g.kind === 'output') ? MAX_OUTPUT : MAX_SIZE;
    return Math.floor(Math.min(most, (height - fixed) / Math.max(1, units) - GAP));
  };
  let cap = 8;
  while (cap > 1 && Math.min(...layers.map((l) => columnSize(l, cap))) < MIN_SIZE) cap--;
  const span = Math.max(1, layers.length - 1);
  const left = 4;
  const usable = width - left - MAX_OUTPUT - 56; // room for the last column's labels
  layers.forEach((layer, k) => {
    const col = columns.get(layer) ?? [];
    const size = Math.max(4, columnSize(layer, cap));
    const heights = col.map((g) => LABEL + Math.min(g.units, cap) * (size + GAP));
    const total = heights.reduce((a, b) => a + b, 0) + GROUP_GAP * (col.length - 1);
    let y = Math.max(0, (height - total) / 2);
    col.forEach((g, i) => {
      const shown = pickUnits(g.units, cap, (u) => importance(g.id, u));
      boxes.set(g.id, {
        group: g,
        x: left + (usable * k) / span,
        y,
        shown,
        size,
        height: heights[i],
      });
      y += heights[i] + GROUP_GAP;
    });
  });
  return {
    width,
    height,
    boxes,
    unitY: (box, i) => box.y + LABEL + i * (box.size + GAP) + box.size / 2,
  };
}
