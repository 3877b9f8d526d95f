/**
 * The diagram: links and thumbnails on one canvas, labels, gate bars and focusable units in an
 * SVG on top (same coordinates). Links: width = |weight|, colour = sign (dense links between the
 * units drawn; gate and cross-stitch links as one band between groups, width = the gate weight).
 */
import { useEffect, useMemo, useRef } from 'react';
import { scaleLinear } from 'd3';
import type { NetworkViewData, ViewEdge } from '../../core/network/view';
import { taskColor } from '../charts/palette';
import { layoutNetwork, type GroupBox, type NetworkLayout } from './layout';
import { divergingColor, paintUnit, unitSpread } from './thumbnails';
import type { UnitRef } from './UnitDetail';
import { hiDpiContext } from '../charts/hiDpiCanvas';

interface DiagramProps {
  view: NetworkViewData;
  width: number;
  height: number;
  selected: UnitRef | null;
  onSelect: (unit: UnitRef | null) => void;
}

interface Link {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weight: number;
}

function links(view: NetworkViewData, layout: NetworkLayout): Link[] {
  const out: Link[] = [];
  const mid = (b: GroupBox) => b.y + b.height / 2 + 5;
  view.edges.forEach((e: ViewEdge, k) => {
    const from = layout.boxes.get(e.from);
    const to = layout.boxes.get(e.to);
    if (!from || !to) return;
    const x1 = from.x + from.size;
    const x2 = to.x;
    if (e.kind !== 'dense') {
      const fromRow = e.fromUnit === undefined ? -1 : from.shown.indexOf(e.fromUnit);
      if (e.fromUnit !== undefined && fromRow < 0) return;
      const y1 = fromRow >= 0 ? layout.unitY(from, fromRow) : mid(from);
      out.push({ key: `${k}`, x1, y1, x2, y2: mid(to), weight: e.weights[0] });
      return;
    }
    const toUnits = to.group.units;
    from.shown.forEach((i, a) =>
      to.shown.forEach((j, b) =>
        out.push({
          key: `${k}:${i}:${j}`,
          x1,
          y1: layout.unitY(from, a),
          x2,
          y2: layout.unitY(to, b),
          weight: e.weights[i * toUnits + j],
        }),
      ),
    );
  });
  return out;
}

export function NetworkDiagram({ view, width, height, selected, onSelect }: DiagramProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const cells = view.grid * view.grid;
  const layout = useMemo(
    () =>
      layoutNetwork(view.groups, width, height, (group, unit) =>
        unitSpread(view.thumbnails[group], unit * cells, cells),
      ),
    [view, width, height, cells],
  );
  const drawn = useMemo(() => links(view, layout), [view, layout]);
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
    ctx.globalAlpha = 0.55;
    for (const l of drawn) {
      ctx.strokeStyle = divergingColor(Math.sign(l.weight), 1);
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
  }, [layout, view, width, height, cells, drawn, widthOf]);

  return (
    <div className="network-diagram" style={{ width, height }}>
      <canvas ref={canvas} style={{ width, height }} aria-hidden="true" data-export />
      <svg
        width={width}
        height={height}
        role="group"
        aria-label="Network diagram: tab through the units; each reads its values aloud"
      >
        {[...layout.boxes.values()].map((box) => (
          <GroupView
            key={box.group.id}
            box={box}
            layout={layout}
            view={view}
            selected={selected}
            onSelect={onSelect}
          />
        ))}
      </svg>
    </div>
  );
}

interface GroupViewProps {
  box: GroupBox;
  layout: NetworkLayout;
  view: NetworkViewData;
  selected: UnitRef | null;
  onSelect: (unit: UnitRef | null) => void;
}

function GroupView({ box, layout, view, selected, onSelect }: GroupViewProps) {
  const g = box.group;
  const color = g.task === undefined ? '#5b6676' : taskColor(g.task);
  const gate = view.gates[g.id];
  const hidden = g.units - box.shown.length;
  const cells = view.grid * view.grid;
  return (
    <g data-group={g.id} data-kind={g.kind} data-units={g.units} data-shown={box.shown.length}>
      <text x={box.x} y={box.y + 8} className="group-label" fill={color}>
        {shortLabel(g.label)}
        {hidden > 0 ? ` +${hidden}` : ''}
      </text>
      {box.shown.map((u, row) => {
        const cy = layout.unitY(box, row);
        const isSelected = selected?.group === g.id && selected.unit === u;
        const values = view.thumbnails[g.id];
        const mean = values.subarray(u * cells, (u + 1) * cells).reduce((a, b) => a + b, 0) / cells;
        const name = gate
          ? `${g.label}, expert ${u + 1}: mean weight ${gate[u].toFixed(2)}`
          : `${g.label}, unit ${u + 1}: mean ${mean.toFixed(2)} over the plane`;
        const select = () => onSelect({ group: g.id, unit: u, right: box.x > layout.width / 2 });
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
              aria-pressed={isSelected}
              onMouseEnter={select}
              onFocus={select}
              onClick={select}
            >
              <title>{name}</title>
            </rect>
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
