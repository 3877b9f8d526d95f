import { useId, useState } from 'react';
import { toggleView, useShareStore } from '../share/shareStore';
import { compareActions } from './compareActions';
import { COMPARE_PRESETS } from './comparePresets';
import { resultsRows } from './compareResults';
import { CompareChart } from './CompareChart';
import { useCompareStore } from './compareStore';
import { ResultsTable } from './ResultsTable';

const report = (error: unknown): void => console.warn('MTL Lab compare:', error);

/** Several runs on the same data from the same initial weights, trained in lockstep. */
export function ComparePanel() {
  const presetId = useId();
  const taskId = useId();
  const open = useShareStore((s) => s.views?.includes('compare') ?? false);
  const specs = useCompareStore((s) => s.specs);
  const status = useCompareStore((s) => s.status);
  const error = useCompareStore((s) => s.error);
  const running = useCompareStore((s) => s.running);
  const histories = useCompareStore((s) => s.histories);
  const latest = useCompareStore((s) => s.latest);
  const results = useCompareStore((s) => s.results);
  const configs = useCompareStore((s) => s.configs);
  const tasks = useCompareStore((s) => s.tasks);
  const addedRows = useCompareStore((s) => s.addedRows);
  const addedTasks = useCompareStore((s) => s.addedTasks);
  const [task, setTask] = useState(-1);
  const [choice, setChoice] = useState(COMPARE_PRESETS[0]?.id ?? '');
  const ready = status === 'ready';
  const labels = specs.map((s) => s.label);
  const rows = results ? resultsRows(labels, configs, tasks, results.metrics, results.step) : [];
  return (
    <details
      className="panel compare-panel"
      open={open}
      onToggle={(e) => toggleView('compare', e.currentTarget.open)}
    >
      <summary>
        <h2>Compare runs</h2>
      </summary>
      <p className="field-hint">
        Several runs on the same data from the same initial weights, trained side by side. They have
        their own controls and chart here; the main chart above shows the main run.
      </p>
      <div className="field">
        <label htmlFor={presetId}>Comparison to build</label>
        <select id={presetId} value={choice} onChange={(e) => setChoice(e.target.value)}>
          {COMPARE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <p className="compare-current" data-testid="compare-current">
        {specs.length ? `Runs: ${labels.join(' vs ')}` : 'No runs built yet.'}
      </p>
      <div className="button-row" role="group" aria-label="Compare training">
        <button
          type="button"
          className={status === 'idle' ? 'button button-primary' : 'button'}
          disabled={status === 'starting'}
          onClick={() => {
            const preset = COMPARE_PRESETS.find((p) => p.id === choice);
            if (preset) compareActions.start(preset.runs).catch(report);
          }}
        >
          Build runs
        </button>
        {status === 'idle' && specs.length > 0 && (
          <button
            type="button"
            className="button"
            onClick={() => compareActions.start().catch(report)}
          >
            Rebuild {labels.join(' vs ')}
          </button>
        )}
        <button
          type="button"
          className="button button-primary"
          disabled={!ready}
          onClick={() => (running ? compareActions.pause() : compareActions.play()).catch(report)}
        >
          {running ? 'Pause runs' : 'Play runs'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready || running}
          onClick={() => compareActions.step(10).catch(report)}
        >
          Step 10
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready}
          onClick={() => compareActions.reset().catch(report)}
        >
          Reset all
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready}
          onClick={() => compareActions.evaluate().catch(report)}
        >
          Evaluate
        </button>
        <button
          type="button"
          className="button"
          disabled={status === 'idle'}
          onClick={() => compareActions.stop().catch(report)}
        >
          Close runs
        </button>
      </div>
      {status === 'starting' && <p role="status">Building the runs…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {latest && (
        <>
          <p className="field-hint" aria-live="polite">
            Step {Math.max(0, ...latest.runs.map((r) => r.step))} ·{' '}
            {latest.stepsPerSecond.toFixed(0)} steps/s per run · same data, same weight seed
          </p>
          <div className="field compact">
            <label htmlFor={taskId}>Curve</label>
            <select id={taskId} value={task} onChange={(e) => setTask(Number(e.target.value))}>
              <option value={-1}>Mean over tasks</option>
              {tasks.map((t, i) => (
                <option key={t.name} value={i}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <CompareChart histories={histories} labels={labels} task={task} />
          <ul className="run-list">
            {labels.map((label, i) => (
              <li key={label + i}>
                {label}: step {latest.runs[i]?.step ?? 0}
                {latest.runs[i]?.diverged ? ' (diverged)' : ''}{' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => compareActions.restart(i).catch(report)}
                >
                  Restart {label}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {rows.length > 0 && <ResultsTable rows={rows} tasks={tasks} />}
      {addedRows.length > 0 && <ResultsTable rows={addedRows} tasks={addedTasks} />}
    </details>
  );
}
