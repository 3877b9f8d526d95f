import { generatedTaskName } from '../../core/data/generator';
import { useId } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { setLogScale, useUiStore } from '../../state/uiStore';
import { ChartLegend } from './ChartLegend';
import { LossChart } from './LossChart';

/** The loss chart with its title, legend and log-scale switch. */
export function LossChartPanel() {
  const toggleId = useId();
  const points = useRunStore((state) => state.history.points);
  const dataTasks = useRunStore((state) => state.data?.tasks);
  const configTasks = useConfigStore((state) => state.config.data.tasks);
  const logScale = useUiStore((state) => state.logScale);
  const changes = useRunStore((state) => state.changes);
  const lastChange = useRunStore((state) => state.lastChange);
  const taskNames =
    dataTasks?.map((task) => task.name) ??
    Array.from({ length: configTasks }, (_, i) => generatedTaskName(i));
  return (
    <section className="panel chart-panel" aria-labelledby="loss-chart-title">
      <div className="chart-header">
        <h2 id="loss-chart-title">Loss per task</h2>
        <div className="chart-options">
          <input
            id={toggleId}
            type="checkbox"
            checked={logScale}
            onChange={(event) => setLogScale(event.target.checked)}
          />
          <label htmlFor={toggleId}>Log scale</label>
        </div>
      </div>
      <ChartLegend taskNames={taskNames} />
      <LossChart points={points} taskNames={taskNames} logScale={logScale} changes={changes} />
      <p className="field-hint" role="status" data-testid="run-change">
        {lastChange
          ? `Last change: ${lastChange.text}.`
          : 'The learning rate and method options apply to the running network; other changes start a new run.'}
      </p>
    </section>
  );
}
