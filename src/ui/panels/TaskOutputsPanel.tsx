/**
 * The first screen's OUTPUT column (issue 18 §5, after TensorFlow Playground's output map): each
 * task's prediction over the network view's plane, large, in the task's colour, with its latest
 * train and test loss. The maps are the network view's own output thumbnails (one readback, no
 * extra work in the worker); the numbers are the loss chart's last point. The true function over
 * the plane is not drawn beside it yet: the view's readback carries predictions only.
 */
import { useEffect, useRef } from 'react';
import type { NetworkViewData } from '../../core/network/view';
import { useNetworkViewStore } from '../../state/networkView';
import { useRunStore } from '../../state/runStore';
import { hiDpiContext } from '../charts/hiDpiCanvas';
import { taskColor } from '../charts/palette';
import { paintUnit } from '../network/thumbnails';

const MAP_SIZE = 72;

export function TaskOutputsPanel() {
  const view = useNetworkViewStore((state) => state.view);
  const open = useNetworkViewStore((state) => state.open);
  const last = useRunStore((state) => state.history.points.at(-1));
  const tasks = useRunStore((state) => state.data?.tasks);
  const outputs = view?.groups.filter((group) => group.kind === 'output') ?? [];
  return (
    <section className="panel task-outputs" aria-labelledby="task-outputs-title">
      <h2 id="task-outputs-title">Task outputs</h2>
      {view && open && outputs.length > 0 ? (
        <ul className="task-output-list" data-testid="task-outputs">
          {outputs.map((group, t) => {
            const task = group.task ?? t;
            return (
              <li key={group.id} className="task-output">
                <OutputMap view={view} groupId={group.id} label={group.label} />
                <span className="task-output-name">
                  <span className="swatch" style={{ background: taskColor(task) }} aria-hidden />
                  {tasks?.[task]?.name ?? group.label}
                </span>
                <span className="task-output-loss">train {fmt(last?.trainLoss[task])}</span>
                <span className="task-output-loss">test {fmt(last?.testLoss[task])}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="field-hint">
          {open
            ? 'Each task’s prediction appears once a run has started.'
            : 'The network view is hidden.'}
        </p>
      )}
    </section>
  );
}

function fmt(loss: number | undefined): string {
  return loss === undefined || !Number.isFinite(loss) ? '–' : loss.toPrecision(3);
}

/** One task's output (its first unit) over the plane, in the diagram's colour scale. */
function OutputMap({
  view,
  groupId,
  label,
}: {
  view: NetworkViewData;
  groupId: string;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const values = view.thumbnails[groupId];
  useEffect(() => {
    const ctx = hiDpiContext(canvas.current, MAP_SIZE, MAP_SIZE);
    if (ctx && values) paintUnit(ctx, values, 0, view.grid, view.range, 0, 0, MAP_SIZE);
  }, [values, view.grid, view.range]);
  return (
    <canvas
      ref={canvas}
      className="task-output-map"
      style={{ width: MAP_SIZE, height: MAP_SIZE }}
      role="img"
      aria-label={`${label} over ${view.plane.labels[0]} × ${view.plane.labels[1]}`}
    />
  );
}
