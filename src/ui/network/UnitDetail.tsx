import { useEffect, useRef } from 'react';
import type { NetworkViewData } from '../../core/network/view';
import { paintUnit } from './thumbnails';

export interface UnitRef {
  group: string;
  unit: number;
  /** The unit lies in the right half of the diagram (the detail then opens on the left). */
  right?: boolean;
}

const SIZE = 104;

/** Incoming weights of a unit: from every dense edge into its group (largest |w| first). */
function incoming(view: NetworkViewData, ref: UnitRef) {
  const units = new Map(view.groups.map((g) => [g.id, g]));
  const toUnits = units.get(ref.group)?.units ?? 0;
  const rows: { from: string; weight: number }[] = [];
  let bias: number | null = null;
  for (const e of view.edges) {
    if (e.to !== ref.group) continue;
    const from = units.get(e.from);
    if (e.kind === 'dense' && from) {
      for (let i = 0; i < from.units; i++) {
        rows.push({ from: `${from.label} #${i + 1}`, weight: e.weights[i * toUnits + ref.unit] });
      }
      bias = e.bias?.[ref.unit] ?? bias;
    } else if (from) {
      rows.push({ from: `${from.label} (${e.kind})`, weight: e.weights[0] });
    }
  }
  rows.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { rows, bias };
}

/** The large view of one unit: its heatmap, value range, incoming weights and bias. */
export function UnitDetail({ view, unit }: { view: NetworkViewData; unit: UnitRef }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const group = view.groups.find((g) => g.id === unit.group);
  const values = view.thumbnails[unit.group];
  const cells = view.grid * view.grid;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !values) return;
    paintUnit(ctx, values, unit.unit * cells, view.grid, view.range, 0, 0, SIZE);
  }, [values, unit.unit, cells, view.grid, view.range]);
  if (!group || !values) return null;
  const own = Array.from(values.subarray(unit.unit * cells, (unit.unit + 1) * cells));
  const gate = view.gates[unit.group]?.[unit.unit];
  const { rows, bias } = incoming(view, unit);
  return (
    <aside
      className={unit.right ? 'unit-detail at-left' : 'unit-detail'}
      data-testid="unit-detail"
      aria-live="polite"
    >
      <canvas ref={canvas} width={SIZE} height={SIZE} aria-hidden="true" />
      <div>
        <h4>
          {group.label} · unit {unit.unit + 1}
        </h4>
        <p>
          over the plane: min {Math.min(...own).toFixed(3)}, max {Math.max(...own).toFixed(3)}
          {gate === undefined ? null : `; mean gate weight on the data ${gate.toFixed(3)}`}
        </p>
        {bias === null ? null : <p>bias {bias.toFixed(3)}</p>}
        {rows.length > 0 ? (
          <table className="unit-weights">
            <caption>Incoming weights (largest first)</caption>
            <tbody>
              {rows.slice(0, 8).map((r) => (
                <tr key={r.from}>
                  <th scope="row">{r.from}</th>
                  <td>{r.weight.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </aside>
  );
}
