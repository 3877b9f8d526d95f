/**
 * The network view panel (issue 18): the diagram of the running network with every unit as a
 * thumbnail over a plane through input space, the plane's controls, the one colour legend, the
 * large view of the unit under the pointer or focus, and a text alternative.
 */
import { useRef, useState } from 'react';
import type { PlaneKind } from '../../core/network/plane';
import type { NetworkViewData } from '../../core/network/view';
import { setNetworkViewOptions, useNetworkViewStore } from '../../state/networkView';
import { ChartExport } from '../charts/ChartExport';
import { ColorLegend } from '../charts/ColorLegend';
import { interpolateBlueOrange } from '../charts/colorScales';
import { useElementWidth } from '../charts/useElementWidth';
import { NetworkDiagram } from './NetworkDiagram';
import { UnitDetail, type UnitRef } from './UnitDetail';

const HEIGHT = 330;

export function NetworkViewPanel() {
  const view = useNetworkViewStore((s) => s.view);
  const error = useNetworkViewStore((s) => s.error);
  const open = useNetworkViewStore((s) => s.open);
  const { ref, width } = useElementWidth<HTMLDivElement>(640);
  const exportRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<UnitRef | null>(null);
  const shown = selected && view?.thumbnails[selected.group] ? selected : null;
  return (
    <section
      className="panel network-panel"
      aria-labelledby="network-heading"
      data-testid="network-view"
    >
      <div className="network-head">
        <h2 id="network-heading">Network</h2>
        <button
          type="button"
          className="network-toggle"
          aria-expanded={open}
          onClick={() => setNetworkViewOptions({ open: !open })}
        >
          {open ? 'Hide' : 'Show'}
        </button>
        {open && view ? <PlaneControls view={view} /> : null}
        {open && view ? (
          <ColorLegend
            interpolator={interpolateBlueOrange}
            domain={[-round(view.range), round(view.range)]}
            labels={['−', '0', '+']}
            title="Unit activation and link sign"
            width={120}
          />
        ) : null}
      </div>
      <div className="network-body" ref={ref} hidden={!open}>
        <div ref={exportRef}>
          {view ? (
            <NetworkDiagram
              view={view}
              width={Math.max(240, width - (shown ? 0 : 0))}
              height={HEIGHT}
              selected={shown}
              onSelect={setSelected}
            />
          ) : (
            <p className="muted">The network appears once a run has started.</p>
          )}
        </div>
        {view && shown ? <UnitDetail view={view} unit={shown} /> : null}
      </div>
      {error ? <p role="alert">Network view: {error}</p> : null}
      <div className="network-foot" hidden={!open}>
        {view ? (
          <details className="network-text">
            <summary>Network as text (step {view.step})</summary>
            <NetworkText view={view} />
          </details>
        ) : null}
        <ChartExport target={exportRef} name="network-view" />
      </div>
    </section>
  );
}

function round(x: number): number {
  return Number(x.toPrecision(2));
}

function PlaneControls({ view }: { view: NetworkViewData }) {
  const plane = useNetworkViewStore((s) => s.plane);
  const inputs = view.groups.find((g) => g.kind === 'input')?.units ?? 1;
  const tasks = view.groups.filter((g) => g.kind === 'output').length;
  const n = plane.kind === 'features' ? inputs : tasks;
  const name = (i: number) => (plane.kind === 'features' ? `x${i + 1}` : `task ${i + 1}`);
  const setAxis = (k: 0 | 1, value: number) => {
    const axes: [number, number] = [...plane.axes];
    axes[k] = value;
    setNetworkViewOptions({ plane: { ...plane, axes } });
  };
  return (
    <div className="plane-controls">
      <label>
        Plane{' '}
        <select
          value={plane.kind}
          onChange={(e) =>
            setNetworkViewOptions({ plane: { kind: e.target.value as PlaneKind, axes: [0, 1] } })
          }
        >
          <option value="features">two features</option>
          <option value="task-weights">two tasks' true weights</option>
        </select>
      </label>
      {([0, 1] as const).map((k) => (
        <label key={k}>
          {k === 0 ? 'across' : 'up'}{' '}
          <select value={plane.axes[k]} onChange={(e) => setAxis(k, Number(e.target.value))}>
            {Array.from({ length: n }, (_, i) => (
              <option key={i} value={i}>
                {name(i)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <span className="muted">
        drawn: {view.plane.labels[0]} × {view.plane.labels[1]}
      </span>
    </div>
  );
}

/** The text alternative: every group, its size, and its live numbers. */
function NetworkText({ view }: { view: NetworkViewData }) {
  const cells = view.grid * view.grid;
  return (
    <table className="network-table">
      <thead>
        <tr>
          <th scope="col">Part</th>
          <th scope="col">Kind</th>
          <th scope="col">Units</th>
          <th scope="col">Live values</th>
        </tr>
      </thead>
      <tbody>
        {view.groups.map((g) => {
          const gate = view.gates[g.id];
          const values = view.thumbnails[g.id];
          let lo = Infinity;
          let hi = -Infinity;
          for (let i = 0; i < g.units * cells; i++) {
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
          }
          return (
            <tr key={g.id}>
              <th scope="row">{g.label}</th>
              <td>{g.kind}</td>
              <td>{g.units}</td>
              <td>
                {gate
                  ? `gate weights ${gate.map((w) => w.toFixed(2)).join(', ')}`
                  : `range ${lo.toFixed(2)} to ${hi.toFixed(2)} over the plane`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
