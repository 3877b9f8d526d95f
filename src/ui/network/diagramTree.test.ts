import { describe, expect, test } from 'vitest';
import { treeKey, type TreeItem } from './diagramTree';

const unit = (group: string, u: number, extra: Partial<TreeItem> = {}): TreeItem => ({
  key: `u:${group}:${u}`,
  level: 1,
  group,
  expandable: group !== 'input',
  expanded: false,
  ...extra,
});
const link = (parent: TreeItem, n: number): TreeItem => ({
  key: `l:${n}`,
  level: 2,
  group: parent.group,
  parent: parent.key,
  expandable: false,
  expanded: false,
});

// inputs 0..1, trunk 0..1 (trunk 0 open with two links), output 0.
const open = unit('trunk/0', 0, { expanded: true });
const items = [
  unit('input', 0),
  unit('input', 1),
  open,
  link(open, 7),
  link(open, 8),
  unit('trunk/0', 1),
  unit('output/t0', 0),
];

describe('the network diagram as a WAI-ARIA tree', () => {
  test('↓ / ↑ move through the visible items, links of the open unit included', () => {
    expect(treeKey(items, 'u:input:1', 'ArrowDown')).toEqual({ kind: 'move', to: 'u:trunk/0:0' });
    expect(treeKey(items, 'u:trunk/0:0', 'ArrowDown')).toEqual({ kind: 'move', to: 'l:7' });
    expect(treeKey(items, 'u:trunk/0:1', 'ArrowUp')).toEqual({ kind: 'move', to: 'l:8' });
    expect(treeKey(items, 'u:output/t0:0', 'ArrowDown')).toEqual({ kind: 'none' });
    expect(treeKey(items, 'u:input:0', 'ArrowUp')).toEqual({ kind: 'none' });
  });

  test('→ opens a closed unit, then enters it; ← goes back to the unit, then closes it', () => {
    expect(treeKey(items, 'u:trunk/0:1', 'ArrowRight')).toEqual({
      kind: 'expand',
      key: 'u:trunk/0:1',
    });
    expect(treeKey(items, 'u:trunk/0:0', 'ArrowRight')).toEqual({ kind: 'move', to: 'l:7' });
    expect(treeKey(items, 'l:8', 'ArrowLeft')).toEqual({ kind: 'move', to: 'u:trunk/0:0' });
    expect(treeKey(items, 'u:trunk/0:0', 'ArrowLeft')).toMatchObject({ kind: 'collapse' });
    // An input has no incoming links: → does nothing there.
    expect(treeKey(items, 'u:input:0', 'ArrowRight')).toEqual({ kind: 'none' });
  });

  test('Home / End, Page Down / Up by group, Enter and Space act, Escape leaves', () => {
    expect(treeKey(items, 'l:7', 'Home')).toEqual({ kind: 'move', to: 'u:input:0' });
    expect(treeKey(items, 'u:input:0', 'End')).toEqual({ kind: 'move', to: 'u:output/t0:0' });
    expect(treeKey(items, 'u:input:0', 'PageDown')).toEqual({ kind: 'move', to: 'u:trunk/0:0' });
    expect(treeKey(items, 'l:8', 'PageDown')).toEqual({ kind: 'move', to: 'u:output/t0:0' });
    expect(treeKey(items, 'u:output/t0:0', 'PageUp')).toEqual({ kind: 'move', to: 'u:trunk/0:0' });
    expect(treeKey(items, 'u:trunk/0:1', 'PageUp')).toEqual({ kind: 'move', to: 'u:input:0' });
    expect(treeKey(items, 'u:input:1', 'PageUp')).toEqual({ kind: 'none' });
    expect(treeKey(items, 'l:7', 'Enter')).toEqual({ kind: 'activate', key: 'l:7' });
    expect(treeKey(items, 'u:input:1', ' ')).toEqual({ kind: 'activate', key: 'u:input:1' });
    expect(treeKey(items, 'u:input:1', 'Escape')).toEqual({ kind: 'leave' });
    expect(treeKey(items, 'u:input:1', 'a')).toEqual({ kind: 'none' });
  });

  test('a focus on an item that left the tree moves to the first item', () => {
    expect(treeKey(items, 'u:gone:3', 'ArrowDown')).toEqual({ kind: 'move', to: 'u:input:0' });
  });
});
