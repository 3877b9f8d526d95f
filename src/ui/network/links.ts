/**
 * The links the diagram draws, as geometry plus what each one is (which edge, which units, its
 * weight and task pull), so the canvas can paint them, the pointer can find the one under it and
 * the keyboard can reach a unit's incoming ones. Dense edges give one link per drawn unit pair;
 * gate and cross-stitch edges one band between groups.
 */
import type { NetworkViewData } from '../../core/network/view';
import type { LinkView } from '../../state/networkView';
import type { GroupBox, NetworkLayout } from './layout';
import { describePull, type LinkPullValue } from './linkStyle';

export interface DrawnLink {
  key: string;
  /** Index of the edge in view.edges (= in the architecture's drawing). */
  edge: number;
  from: string;
  to: string;
  fromUnit: number;
  toUnit: number;
  kind: 'dense' | 'scalar' | 'gate';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weight: number;
  pull: LinkPullValue | null;
}

function pullAt(view: NetworkViewData, edge: number, n: number): LinkPullValue | null {
  const p = view.edges[edge].pull;
  return p ? { task: p.task[n], share: p.share[n], conflict: p.conflict[n] } : null;
}

export function drawnLinks(view: NetworkViewData, layout: NetworkLayout): DrawnLink[] {
  const out: DrawnLink[] = [];
  const mid = (b: GroupBox) => b.y + b.height / 2 + 5;
  view.edges.forEach((e, k) => {
    const from = layout.boxes.get(e.from);
    const to = layout.boxes.get(e.to);
    if (!from || !to) return;
    const x1 = from.x + from.size;
    const x2 = to.x;
    const base = { edge: k, from: e.from, to: e.to, kind: e.kind, x1, x2 };
    if (e.kind !== 'dense') {
      const fromRow = e.fromUnit === undefined ? -1 : from.shown.indexOf(e.fromUnit);
      if (e.fromUnit !== undefined && fromRow < 0) return;
      const y1 = fromRow >= 0 ? layout.unitY(from, fromRow) : mid(from);
      out.push({
        ...base,
        key: `${k}`,
        fromUnit: e.fromUnit ?? 0,
        toUnit: 0,
        y1,
        y2: mid(to),
        weight: e.weights[0],
        pull: pullAt(view, k, 0),
      });
      return;
    }
    const toUnits = to.group.units;
    from.shown.forEach((i, a) =>
      to.shown.forEach((j, b) =>
        out.push({
          ...base,
          key: `${k}:${i}:${j}`,
          fromUnit: i,
          toUnit: j,
          y1: layout.unitY(from, a),
          y2: layout.unitY(to, b),
          weight: e.weights[i * toUnits + j],
          pull: pullAt(view, k, i * toUnits + j),
        }),
      ),
    );
  });
  return out;
}

/** The link within `within` px of (x, y), nearest first; null when none. */
export function nearestLink(
  links: DrawnLink[],
  x: number,
  y: number,
  within = 4,
): DrawnLink | null {
  let best: DrawnLink | null = null;
  let bestD = within * within;
  for (const l of links) {
    const dx = l.x2 - l.x1;
    const dy = l.y2 - l.y1;
    const len = dx * dx + dy * dy;
    const t = len > 0 ? Math.max(0, Math.min(1, ((x - l.x1) * dx + (y - l.y1) * dy) / len)) : 0;
    const ex = l.x1 + t * dx - x;
    const ey = l.y1 + t * dy - y;
    const d = ex * ex + ey * ey;
    if (d <= bestD) {
      bestD = d;
      best = l;
    }
  }
  return best;
}

/** A link in words: its ends, its weight and, in the MTL views, its pull or conflict. */
export function linkName(view: NetworkViewData, link: DrawnLink, mode: LinkView): string {
  const label = (id: string) => view.groups.find((g) => g.id === id)?.label ?? id;
  const tasks = view.groups
    .filter((g) => g.kind === 'output')
    .map((g) => `task ${(g.task ?? 0) + 1}`);
  const ends =
    link.kind === 'dense'
      ? `${label(link.from)} #${link.fromUnit + 1} → ${label(link.to)} #${link.toUnit + 1}`
      : `${label(link.from)} → ${label(link.to)}`;
  const what = link.kind === 'gate' ? 'mean gate weight' : 'weight';
  const pull = describePull(mode, link.pull, tasks);
  return `${ends}: ${what} ${link.weight.toFixed(3)}${pull ? `; ${pull}` : ''}`;
}
