/**
 * The diagram: links and thumbnails on one canvas, labels, gate bars and focusable units in an
 * SVG on top (same coordinates). Links: width = |weight|; colour by the link view (linkStyle.ts):
 * sign, the task that pulls the weight most, or the tasks' conflict on it. The pointer reads the
 * link under it (a tooltip) and a click opens it for editing. For the keyboard the diagram is one
 * widget with one Tab stop, a WAI-ARIA tree (diagramTree.ts): arrows move between units, → opens
 * a unit's incoming links, Enter types a new weight into a link, Escape leaves. Clicking an input
 * unit (or Enter / Space on it) switches that feature off or on; an input that is off is greyed
 * and struck through, its links are not drawn, and its accessible name says "off".
 */
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { scaleLinear } from 'd3';
import type { NetworkViewData } from '../../core/network/view';
import type { LinkView } from '../../state/networkView';
import { layoutNetwork, type NetworkLayout } from './layout';
import { drawnLinks, linkName, nearestLink, type DrawnLink } from './links';
import { linkPaint } from './linkStyle';
import { paintUnit, unitSpread } from './thumbnails';
import type { UnitRef } from './UnitDetail';
import { hiDpiContext } from '../charts/hiDpiCanvas';
import { INPUT_GROUP } from '../../core/model/drawing';
import type { DiagramPointer } from '../../core/lessons/types';
import { GroupView } from './DiagramGroup';
import { LessonNote, LessonOutlines } from './LessonPointer';
import { linkKey, treeKey, unitKey, type TreeItem } from './diagramTree';

interface DiagramProps {
  view: NetworkViewData;
  width: number;
  height: number;
  links: LinkView;
  selected: UnitRef | null;
  onSelect: (unit: UnitRef | null) => void;
  /** A link was clicked or chosen with Enter: open it for editing. */
  onEditLink: (link: DrawnLink) => void;
  /** Reports the layout, so controls can sit under their columns. */
  onLayout?: (layout: NetworkLayout) => void;
  /** Input features switched off (config model.inputsOff). */
  inputsOff: readonly number[];
  /** Name of input unit `feature` (its state and what a click does). */
  inputName: (feature: number) => string;
  /** An input unit was clicked or chosen with Enter/Space: switch it off or on. */
  onToggleInput: (feature: number) => void;
  /** Escape: focus goes to the control before the diagram. */
  onLeave: () => void;
  /** The link editor is open (when it closes, the focus comes back to the diagram's item). */
  editing: boolean;
  /** What the lesson's step shown points at (outlined), if anything. */
  pointer: DiagramPointer | null;
}

export function NetworkDiagram({
  view,
  width,
  height,
  links: mode,
  selected,
  onSelect,
  onEditLink,
  onLayout,
  inputsOff,
  inputName,
  onToggleInput,
  onLeave,
  editing,
  pointer,
}: DiagramProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const helpId = useId();
  const [hover, setHover] = useState<{ link: DrawnLink; x: number; y: number } | null>(null);
  const cells = view.grid * view.grid;
  const layout = useMemo(
    () =>
      layoutNetwork(view.groups, width, height, (group, unit) =>
        unitSpread(view.thumbnails[group], unit * cells, cells),
      ),
    [view, width, height, cells],
  );
  useEffect(() => onLayout?.(layout), [layout, onLayout]);
  // A switched-off input feeds nothing: its links are not drawn (nor hovered, nor edited).
  const drawn = useMemo(
    () =>
      drawnLinks(view, layout).filter(
        (l) => !(l.from === INPUT_GROUP && inputsOff.includes(l.fromUnit)),
      ),
    [view, layout, inputsOff],
  );
  const maxWeight = Math.max(1e-6, ...drawn.map((l) => Math.abs(l.weight)));
  const widthOf = useMemo(
    () => scaleLinear().domain([0, maxWeight]).range([0.2, 4]).clamp(true),
    [maxWeight],
  );

  useEffect(() => {
    const ctx = hiDpiContext(canvas.current, width, height);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    // Links first (under the thumbnails), on the canvas: thousands of SVG lines would cost the
    // page frames at every refresh.
    for (const l of drawn) {
      const paint = linkPaint(mode, l.weight, l.pull);
      ctx.globalAlpha = paint.alpha;
      ctx.strokeStyle = paint.color;
      ctx.lineWidth = widthOf(Math.abs(l.weight));
      ctx.beginPath();
      ctx.moveTo(l.x1, l.y1);
      ctx.lineTo(l.x2, l.y2);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    for (const box of layout.boxes.values()) {
      if (box.group.kind === 'gate') continue;
      box.shown.forEach((u, row) => {
        const y = layout.unitY(box, row) - box.size / 2;
        paintUnit(
          ctx,
          view.thumbnails[box.group.id],
          u * cells,
          view.grid,
          view.range,
          box.x,
          y,
          box.size,
        );
      });
    }
  }, [layout, view, width, height, cells, drawn, widthOf, mode]);

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const target = event.target as Element;
    if (target.classList.contains('unit')) return setHover(null);
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const link = nearestLink(drawn, x, y);
    setHover(link ? { link, x, y } : null);
  };
  const tree = useDiagramTree(layout, drawn, editing, svg);
  const { items, active, expanded, incoming } = tree;
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const action = treeKey(items, active, event.key);
    if (action.kind === 'none') return;
    event.preventDefault();
    if (action.kind === 'leave') return onLeave();
    if (action.kind === 'move') return tree.moveTo(action.to);
    if (action.kind === 'expand') return tree.setExpanded(action.key);
    if (action.kind === 'collapse') {
      tree.setExpanded(null);
      return tree.moveTo(action.to);
    }
    const link = incoming.find((l) => linkKey(l.key) === action.key);
    if (link) return onEditLink(link);
    const [, group, unit] = /^u:(.*):(\d+)$/.exec(action.key) ?? [];
    if (group === INPUT_GROUP) return onToggleInput(Number(unit));
    if (tree.expandable.has(action.key))
      tree.setExpanded(expanded === action.key ? null : action.key);
  };
  const level1 = items.filter((item) => item.level === 1);
  let firstPos = 1;

  return (
    <div
      className="network-diagram"
      style={{ width, height }}
      onPointerMove={onPointerMove}
      onPointerLeave={() => setHover(null)}
      onClick={(event) => {
        if ((event.target as Element).classList.contains('unit')) return;
        if (hover && hover.link.kind !== 'gate') onEditLink(hover.link);
      }}
      data-link-view={mode}
    >
      <canvas ref={canvas} style={{ width, height }} aria-hidden="true" data-export />
      <p id={helpId} className="visually-hidden">
        Arrow keys move between units; Page Down and Page Up jump between layers; right arrow opens
        a unit's incoming links and Enter types a new weight into a link; Enter on an input switches
        it off or on; Escape leaves the diagram.
      </p>
      <svg
        ref={svg}
        width={width}
        height={height}
        role="tree"
        aria-label="Network diagram"
        aria-describedby={helpId}
        onKeyDown={onKeyDown}
      >
        <LessonOutlines pointer={pointer} layout={layout} drawn={drawn} />
        {[...layout.boxes.values()].map((box) => {
          const pos = firstPos;
          firstPos += box.shown.length;
          return (
            <GroupView
              key={box.group.id}
              box={box}
              layout={layout}
              view={view}
              selected={selected}
              onSelect={onSelect}
              active={active}
              expanded={expanded}
              incoming={expanded?.startsWith(`u:${box.group.id}:`) ? incoming : []}
              setSize={level1.length}
              firstPos={pos}
              canOpen={(key) => tree.expandable.has(key)}
              name={(l) => linkName(view, l, mode)}
              onPoint={tree.setActive}
              inputsOff={inputsOff}
              inputName={inputName}
              onToggleInput={onToggleInput}
            />
          );
        })}
      </svg>
      <LessonNote pointer={pointer} layout={layout} drawn={drawn} />
      {hover ? (
        <div
          className="link-tooltip"
          role="tooltip"
          data-testid="link-tooltip"
          style={{ left: Math.min(hover.x + 10, width - 220), top: hover.y + 10 }}
        >
          {linkName(view, hover.link, mode)}
          {hover.link.kind === 'gate' ? null : <span className="muted"> · click to edit</span>}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The tree's state: which item holds the Tab stop, which unit is open, the visible items in tree
 * order. After a key moves the Tab stop, the new item takes the focus; when the link editor
 * closes, the focus comes back to the item it was opened from.
 */
function useDiagramTree(
  layout: NetworkLayout,
  drawn: DrawnLink[],
  editing: boolean,
  svg: RefObject<SVGSVGElement | null>,
) {
  const [activeKey, setActive] = useState<string | null>(null);
  const [expandedKey, setExpanded] = useState<string | null>(null);
  const focusNext = useRef(false);
  const { units, expandable } = useMemo(() => {
    const units: TreeItem[] = [];
    const expandable = new Set<string>();
    for (const l of drawn) if (l.kind !== 'gate') expandable.add(unitKey(l.to, l.toUnit));
    for (const box of layout.boxes.values()) {
      for (const u of box.shown) {
        const key = unitKey(box.group.id, u);
        const open = expandable.has(key);
        units.push({ key, level: 1, group: box.group.id, expandable: open, expanded: false });
      }
    }
    return { units, expandable };
  }, [layout, drawn]);
  const expanded = expandedKey && expandable.has(expandedKey) ? expandedKey : null;
  const incoming = expanded
    ? drawn.filter((l) => l.kind !== 'gate' && unitKey(l.to, l.toUnit) === expanded)
    : [];
  const items = units.flatMap((item) =>
    item.key === expanded
      ? [
          { ...item, expanded: true },
          ...incoming.map((l) => ({
            key: linkKey(l.key),
            level: 2 as const,
            group: item.group,
            parent: item.key,
            expandable: false,
            expanded: false,
          })),
        ]
      : [item],
  );
  const active =
    items.find((item) => item.key === activeKey)?.key ??
    // An item that left (a link of a closed unit, a unit no longer among the most active of a
    // large layer, a smaller layer): its unit, else its group's first, else the first item.
    items.find((item) => activeKey?.startsWith('l:') && item.key === expanded)?.key ??
    items.find((item) => activeKey?.startsWith(`u:${item.group}:`))?.key ??
    items[0]?.key ??
    '';
  const moveTo = (key: string) => {
    focusNext.current = true;
    setActive(key);
  };
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    focusItem(svg.current, active);
  }, [svg, active]);
  // The editor closed and took the focus with it (to the page): give it back to the item.
  const wasEditing = useRef(editing);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (wasEditing.current && !editing && lost) focusItem(svg.current, active);
    wasEditing.current = editing;
  }, [svg, editing, active]);
  return { items, active, expanded, incoming, expandable, setActive, setExpanded, moveTo };
}

function focusItem(root: SVGSVGElement | null, key: string): void {
  root?.querySelector<SVGElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
