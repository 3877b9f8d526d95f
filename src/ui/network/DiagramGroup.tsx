/**
 * One drawn group of the diagram's SVG layer: its label, its gate bars, and its units as items of
 * the diagram's tree (diagramTree.ts): role treeitem, one of them in the Tab order (the roving
 * tabindex), the expanded unit followed by its incoming links as level-2 items. The pointer and
 * the focus select a unit (its large view opens); the keys are handled once, on the tree.
 */
import { taskColor } from '../charts/palette';
import type { NetworkViewData } from '../../core/network/view';
import { INPUT_GROUP } from '../../core/model/drawing';
import type { GroupBox, NetworkLayout } from './layout';
import type { DrawnLink } from './links';
import type { UnitRef } from './UnitDetail';
import { linkKey, unitKey } from './diagramTree';

export interface GroupViewProps {
  box: GroupBox;
  layout: NetworkLayout;
  view: NetworkViewData;
  selected: UnitRef | null;
  onSelect: (unit: UnitRef | null) => void;
  /** The tree item that holds the diagram's one Tab stop. */
  active: string;
  /** The expanded unit (its key), if it is in this group. */
  expanded: string | null;
  /** The expanded unit's incoming links (level-2 items); empty for other groups. */
  incoming: DrawnLink[];
  /** Level-1 items in the whole tree, and this group's first one's position among them. */
  setSize: number;
  firstPos: number;
  /** Whether the unit with this key has incoming links (can be opened). */
  canOpen: (key: string) => boolean;
  name: (link: DrawnLink) => string;
  /** The pointer chose this item: it takes the Tab stop. */
  onPoint: (key: string) => void;
  inputsOff: readonly number[];
  inputName: (feature: number) => string;
  onToggleInput: (feature: number) => void;
}

export function GroupView({
  box,
  layout,
  view,
  selected,
  onSelect,
  active,
  expanded,
  incoming,
  setSize,
  firstPos,
  canOpen,
  name: linkLabel,
  onPoint,
  inputsOff,
  inputName,
  onToggleInput,
}: GroupViewProps) {
  const g = box.group;
  const color = g.task === undefined ? '#5b6676' : taskColor(g.task);
  const gate = view.gates[g.id];
  const hidden = g.units - box.shown.length;
  const cells = view.grid * view.grid;
  return (
    <g data-group={g.id} data-kind={g.kind} data-units={g.units} data-shown={box.shown.length}>
      <text
        x={box.x}
        y={box.y + 8}
        className="group-label"
        fill={color}
        data-label={g.id}
        aria-hidden="true"
      >
        {shortLabel(g.label)}
        {hidden > 0 ? ` +${hidden}` : ''}
      </text>
      {box.shown.map((u, row) => {
        const cy = layout.unitY(box, row);
        const key = unitKey(g.id, u);
        const isSelected = selected?.group === g.id && selected.unit === u;
        const values = view.thumbnails[g.id];
        const mean = values.subarray(u * cells, (u + 1) * cells).reduce((a, b) => a + b, 0) / cells;
        const input = g.id === INPUT_GROUP;
        const off = input && inputsOff.includes(u);
        const open = expanded === key;
        const links = open ? incoming : [];
        const name = gate
          ? `${g.label}, expert ${u + 1}: mean weight ${gate[u].toFixed(2)}`
          : input
            ? inputName(u)
            : `${g.label}, unit ${u + 1}: mean ${mean.toFixed(2)} over the plane`;
        const select = () => onSelect({ group: g.id, unit: u, right: box.x > layout.width / 2 });
        const top = cy - box.size / 2;
        return (
          <g key={u}>
            {gate ? (
              <rect
                data-gate-bar={`${g.id}:${u}`}
                data-value={gate[u]}
                x={box.x}
                y={cy - box.size / 2 + 1}
                width={Math.max(1, gate[u] * (box.size * 2.2))}
                height={Math.max(2, box.size - 2)}
                fill={color}
                aria-hidden="true"
              />
            ) : null}
            <rect
              className={isSelected ? 'unit selected' : 'unit'}
              data-unit={`${g.id}:${u}`}
              data-key={key}
              data-off={input ? off : undefined}
              x={box.x}
              y={cy - box.size / 2}
              width={gate ? box.size * 2.2 : box.size}
              height={box.size}
              fill="transparent"
              stroke={isSelected ? '#111' : color}
              strokeWidth={isSelected ? 2 : 1}
              tabIndex={active === key ? 0 : -1}
              role="treeitem"
              aria-level={1}
              aria-setsize={setSize}
              aria-posinset={firstPos + row}
              aria-expanded={canOpen(key) ? open : undefined}
              aria-label={name}
              onMouseEnter={select}
              onFocus={() => {
                select();
                onPoint(key);
              }}
              onClick={() => {
                select();
                onPoint(key);
                if (input) onToggleInput(u);
              }}
            >
              <title>{name}</title>
            </rect>
            {off ? (
              <g className="unit-off" aria-hidden="true" pointerEvents="none">
                <rect x={box.x} y={top} width={box.size} height={box.size} />
                <line x1={box.x} y1={top + box.size} x2={box.x + box.size} y2={top} />
              </g>
            ) : null}
            {links.map((l, i) => (
              <line
                key={l.key}
                className="link-target"
                data-link={l.key}
                data-key={linkKey(l.key)}
                x1={l.x1}
                y1={l.y1}
                x2={l.x2}
                y2={l.y2}
                tabIndex={active === linkKey(l.key) ? 0 : -1}
                role="treeitem"
                aria-level={2}
                aria-setsize={links.length}
                aria-posinset={i + 1}
                aria-label={`${linkLabel(l)}. Enter: type a new weight`}
                onFocus={() => onPoint(linkKey(l.key))}
              />
            ))}
          </g>
        );
      })}
    </g>
  );
}

/** Labels in the diagram stay short; the full one is in the accessible name and the table. */
function shortLabel(label: string): string {
  return label
    .replace(/^level (\d+) /, 'L$1 ')
    .replace('task ', 't')
    .replace(' expert ', ' e')
    .replace('shared expert ', 'sh.e')
    .replace(' layer ', ' l')
    .replace('shared layer ', 'shared ')
    .replace(' mixture', ' mix')
    .replace(' tower ', ' tower ')
    .replace(' column layer ', ' col ')
    .replace(' after cross-stitch ', ' stitch ');
}
