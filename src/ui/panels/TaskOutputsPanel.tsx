/**
 * The first screen's OUTPUT column (issue 18 §5, after TensorFlow Playground's output map): per
 * task, its prediction and its true function side by side over the network view's plane (issue 18
 * §2), with the training points on both, in the task's colour, with its latest train and test
 * loss. The maps come with the network view's one readback (view.ts, planeTruth.ts: no extra work
 * per step); the numbers are the loss chart's last point. Imported tables have no true function:
 * the panel says so and draws the prediction only.
 */
import { useNetworkViewStore } from '../../state/networkView';
import { useRunStore } from '../../state/runStore';
import { taskColor } from '../charts/palette';
import { TaskOutputMap } from './TaskOutputMap';

export function TaskOutputsPanel() {
  const view = useNetworkViewStore((state) => state.view);
  const open = useNetworkViewStore((state) => state.open);
  const last = useRunStore((state) => state.history.points.at(-1));
  const tasks = useRunStore((state) => state.data?.tasks);
  const outputs = view?.groups.filter((group) => group.kind === 'output') ?? [];
  return (
    <section className="panel task-outputs" aria-labelledby="task-outputs-title">
      <h2 id="task-outputs-title">Task outputs</h2>
      {view && open && outputs.length > 0 && !view.truth ? (
        <p className="field-hint">Imported data has no true function: predictions only.</p>
      ) : null}
      {view && open && outputs.length > 0 ? (
        <ul className="task-output-list" data-testid="task-outputs">
          {outputs.map((group, t) => {
            const task = group.task ?? t;
            const name = tasks?.[task]?.name ?? group.label;
            const predicted = view.thumbnails[group.id];
            const truth = view.truth?.[group.id];
            const maps = { view, taskIndex: task, task: tasks?.[task] };
            return (
              <li key={group.id} className="task-output">
                <span className="task-output-name">
                  <span className="swatch" style={{ background: taskColor(task) }} aria-hidden />
                  {name}
                </span>
                <div className="task-output-maps">
                  {predicted ? (
                    <figure>
                      <TaskOutputMap
                        {...maps}
                        values={predicted}
                        name={`${name} prediction`}
                        testId="task-output-prediction"
                      />
                      <figcaption>prediction</figcaption>
                    </figure>
                  ) : null}
                  {truth ? (
                    <figure>
                      <TaskOutputMap
                        {...maps}
                        values={truth}
                        name={`${name} true function`}
                        testId="task-output-truth"
                      />
                      <figcaption>truth</figcaption>
                    </figure>
                  ) : null}
                </div>
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
