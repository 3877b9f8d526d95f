/**
 * The network diagram as one keyboard widget: the WAI-ARIA tree pattern (APG "Tree View") with a
 * roving tabindex, so the whole diagram is ONE Tab stop however many units it draws.
 *
 *   level 1  every drawn unit, column by column (inputs first, outputs last), top to bottom;
 *   level 2  the incoming links of the one expanded unit (a unit with incoming links is a parent
 *            node, collapsed at first).
 *
 * Keys, as the pattern defines them: ↓ / ↑ next / previous visible item; → opens a closed unit,
 * on an open one moves to its first link; ← on a link goes back to its unit, on an open unit
 * closes it; Home / End first / last item; Enter / Space the item's action (an input: switch it
 * off or on; another unit: open or close its links; a link: type a new weight). Two additions the
 * pattern leaves open: Page Down / Page Up jump to the next / previous group (a layer, expert or
 * tower), and Escape leaves the diagram. This file is the pure part (which item a key leads to);
 * NetworkDiagram.tsx renders the items and moves the focus.
 */

export interface TreeItem {
  /** `u:<group>:<unit>` for a unit, `l:<link key>` for a link. */
  key: string;
  level: 1 | 2;
  /** The unit's group (a link: its unit's group). */
  group: string;
  /** Links: the key of their unit. */
  parent?: string;
  /** Units with incoming links can be opened. */
  expandable: boolean;
  expanded: boolean;
}

export type TreeAction =
  | { kind: 'move'; to: string }
  | { kind: 'expand'; key: string }
  | { kind: 'collapse'; key: string; to: string }
  | { kind: 'activate'; key: string }
  | { kind: 'leave' }
  | { kind: 'none' };

export const unitKey = (group: string, unit: number) => `u:${group}:${unit}`;
export const linkKey = (link: string) => `l:${link}`;

/** What `key` does on the focused item `at` of the visible `items` (in tree order). */
export function treeKey(items: readonly TreeItem[], at: string, key: string): TreeAction {
  const i = items.findIndex((item) => item.key === at);
  if (i < 0) return items.length ? { kind: 'move', to: items[0].key } : { kind: 'none' };
  const item = items[i];
  const move = (j: number): TreeAction =>
    j >= 0 && j < items.length && j !== i ? { kind: 'move', to: items[j].key } : { kind: 'none' };
  const groupStart = (j: number) => {
    let k = j;
    while (k > 0 && items[k - 1].group === items[j].group) k--;
    return k;
  };
  switch (key) {
    case 'ArrowDown':
      return move(i + 1);
    case 'ArrowUp':
      return move(i - 1);
    case 'Home':
      return move(0);
    case 'End':
      return move(items.length - 1);
    case 'ArrowRight':
      if (item.level === 1 && item.expandable && !item.expanded)
        return { kind: 'expand', key: item.key };
      return item.expanded ? move(i + 1) : { kind: 'none' };
    case 'ArrowLeft':
      if (item.level === 2 && item.parent) return { kind: 'move', to: item.parent };
      return item.expanded ? { kind: 'collapse', key: item.key, to: item.key } : { kind: 'none' };
    case 'PageDown': {
      const j = items.findIndex(
        (other, k) => k > i && other.level === 1 && other.group !== item.group,
      );
      return j < 0 ? { kind: 'none' } : move(j);
    }
    case 'PageUp': {
      const start = groupStart(i);
      return start > 0 ? move(groupStart(start - 1)) : { kind: 'none' };
    }
    case 'Enter':
    case ' ':
      return { kind: 'activate', key: item.key };
    case 'Escape':
      return { kind: 'leave' };
    default:
      return { kind: 'none' };
  }
}
