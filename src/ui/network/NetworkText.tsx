/**
 * The diagram's text alternative (issue 18 §4): every group with its size and live values (the
 * inputs' row names the switched-off ones), then every edge with its weights' size and, in the
 * MTL link views, which task pulls its weights and how much the tasks conflict on them.
 */
import type { NetworkViewData, ViewEdge } from '../../core/network/view';
import type { LinkView } from '../../state/networkView';
import { INPUT_GROUP } from '../../core/model/drawing';

function edgeSummary(edge: ViewEdge, mode: LinkView, tasks: number): string {
  const abs = edge.weights.map(Math.abs);
  const mean = abs.reduce((a, b) => a + b, 0) / Math.max(1, abs.length);
  const what = edge.kind === 'gate' ? 'mean gate weight' : `mean |weight| ${mean.toFixed(3)}`;
  const base = edge.kind === 'gate' ? `${what} ${edge.weights[0].toFixed(3)}` : what;
  const pull = edge.pull;
  if (mode === 'weight' || !pull) return base;
  if (mode === 'task-pull') {
    const counts = new Array<number>(tasks).fill(0);
    for (const t of pull.task) if (t >= 0) counts[t]++;
    const n = pull.task.length;
    const parts = counts.flatMap((c, t) =>
      c > 0 ? [`task ${t + 1} ${Math.round((100 * c) / n)}%`] : [],
    );
    return `${base}; pulled most by ${parts.join(', ') || 'no task'}`;
  }
  const moved = pull.conflict.filter((_, i) => pull.task[i] >= 0);
  const meanConflict = moved.reduce((a, b) => a + b, 0) / Math.max(1, moved.length);
  const disagree = moved.filter((c) => c >= 0.05).length;
  return `${base}; mean conflict ${meanConflict.toFixed(2)}, tasks disagree in sign on ${disagree} of ${pull.conflict.length}`;
}

interface NetworkTextProps {
  view: NetworkViewData;
  links: LinkView;
  /** Input features switched off (config model.inputsOff), named in the inputs' row. */
  inputsOff: readonly number[];
}

export function NetworkText({ view, links, inputsOff }: NetworkTextProps) {
  const cells = view.grid * view.grid;
  const label = new Map(view.groups.map((g) => [g.id, g.label]));
  const tasks = view.groups.filter((g) => g.kind === 'output').length;
  return (
    <>
      <table className="network-table">
        <caption>Parts of the network</caption>
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
                <td>
                  {g.units}
                  {g.id === INPUT_GROUP && inputsOff.length
                    ? ` (off: ${inputsOff.map((f) => `x${f + 1}`).join(', ')})`
                    : ''}
                </td>
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
      <table className="network-table" data-testid="network-links-table">
        <caption>Links ({links === 'weight' ? 'weights' : links})</caption>
        <thead>
          <tr>
            <th scope="col">From → to</th>
            <th scope="col">Links</th>
            <th scope="col">Live values</th>
          </tr>
        </thead>
        <tbody>
          {view.edges.map((e, k) => (
            <tr key={k}>
              <th scope="row">
                {label.get(e.from) ?? e.from}
                {e.fromUnit === undefined ? '' : ` #${e.fromUnit + 1}`} → {label.get(e.to) ?? e.to}
              </th>
              <td>{e.kind === 'dense' ? e.weights.length : 1}</td>
              <td>{edgeSummary(e, links, tasks)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
