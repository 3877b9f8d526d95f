/**
 * The diagram: links and thumbnails on one canvas, labels, gate bars and focusable units in an
 * SVG on top (same coordinates). Links: width = |weight|; colour by the link view (linkStyle.ts):
 * sign, the task that pulls the weight most, or the tasks' conflict on it. The pointer reads the
 * link under it (a tooltip) and a click opens it for editing; the keyboard reaches the incoming
 * links of the focused unit (Tab after the unit, Enter to edit). Clicking an input unit (or Enter /
 * Space on it) switches that feature off or on; an input that is off is greyed and struck through,
 * its links are not drawn, and its accessible name says "off".
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { scaleLinear } from 'd3';
import type { NetworkViewData } from '../../core/network/view';
import type { LinkView } from '../../state/networkView';
import { taskColor } from '../charts/palette';
import { layoutNetwork, type GroupBox, type NetworkLayout } from './layout';
import { drawnLinks, linkName, nearestLink, type DrawnLink } from './links';
import { linkPaint } from './linkStyle';
import { paintUnit, unitSpread } from './thumbnails';
import type { UnitRef } from './UnitDetail';
import { hiDpiContext } from '../charts/hiDpiCanvas';
import { INPUT_GROUP } from '../../core/model/drawing';

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
}: DiagramProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
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
  const incoming = selected
    ? drawn.filter(
        (l) => l.to === selected.group && l.kind !== 'gate' && l.toUnit === selected.unit,
      )
    : [];

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
      <svg
        width={width}
        height={height}
        role="group"
        aria-label="Network diagram: tab through the units; after a unit come its incoming links (Enter types a new weight)"
      >
        {[...layout.boxes.values()].map((box) => (
          <GroupView
            key={box.group.id}
            box={box}
            layout={layout}
            view={view}
            selected={selected}
            onSelect={onSelect}
            incoming={selected?.group === box.group.id ? incoming : []}
            name={(l) => linkName(view, l, mode)}
            onEditLink={onEditLink}
            inputsOff={inputsOff}
            inputName={inputName}
            onToggleInput={onToggleInput}
          />
        ))}
      </svg>
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

interface GroupViewProps {
  box: GroupBox;
  layout: NetworkLayout;
  view: NetworkViewData;
  selected: UnitRef | null;
  onSelect: (unit: UnitRef | null) => void;
  /** The selected unit's incoming links (focusable right after it); empty for other groups. */
  incoming: DrawnLink[];
  name: (link: DrawnLink) => string;
  onEditLink: (link: DrawnLink) => void;
  inputsOff: readonly number[];
  inputName: (feature: number) => string;
  onToggleInput: (feature: number) => void;
}

function GroupView({
  box,
  layout,
  view,
  selected,
  onSelect,
  incoming,
  name: linkLabel,
  onEditLink,
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
      <text x={box.x} y={box.y + 8} className="group-label" fill={color} data-label={g.id}>
        {shortLabel(g.label)}
        {hidden > 0 ? ` +${hidden}` : ''}
      </text>
      {box.shown.map((u, row) => {
        const cy = layout.unitY(box, row);
        const isSelected = selected?.group === g.id && selected.unit === u;
        const values = view.thumbnails[g.id];
        const mean = values.subarray(u * cells, (u + 1) * cells).reduce((a, b) => a + b, 0) / cells;
        const input = g.id === INPUT_GROUP;
        const off = input && inputsOff.includes(u);
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
              />
            ) : null}
            <rect
              className={isSelected ? 'unit selected' : 'unit'}
              data-unit={`${g.id}:${u}`}
              x={box.x}
              y={cy - box.size / 2}
              width={gate ? box.size * 2.2 : box.size}
              height={box.size}
              fill="transparent"
              stroke={isSelected ? '#111' : color}
              strokeWidth={isSelected ? 2 : 1}
              tabIndex={0}
              role="button"
              aria-label={name}
              aria-pressed={input ? off : isSelected}
              data-off={input ? off : undefined}
              onMouseEnter={select}
              onFocus={select}
              onClick={() => {
                select();
                if (input) onToggleInput(u);
              }}
              onKeyDown={(event) => {
                if (!input || (event.key !== 'Enter' && event.key !== ' ')) return;
                event.preventDefault();
                onToggleInput(u);
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
            {isSelected
              ? incoming.map((l) => (
                  <line
                    key={l.key}
                    className="link-target"
                    data-link={l.key}
                    x1={l.x1}
                    y1={l.y1}
                    x2={l.x2}
                    y2={l.y2}
                    tabIndex={0}
                    role="button"
                    aria-label={`${linkLabel(l)}. Enter: type a new weight`}
                    onKeyDown={(event) => {
                      if (event.key !== 'Enter' && event.key !== ' ') return;
                      event.preventDefault();
                      onEditLink(l);
                    }}
                  />
                ))
              : null}
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
