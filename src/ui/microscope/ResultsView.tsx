/** Per-task test metrics, Δm against a single-task baseline and the safety audit, on demand. */
import { useEffect } from 'react';
import { DELTA_M_CONVENTION } from '../../core/train/deltaM';
import { explainDeltaM } from '../../core/train/deltaMExplain';
import { microscopeActions } from '../../state/microscope';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { useRunStore } from '../../state/runStore';
import { useConfigStore } from '../../state/configStore';
import { fmt, useTaskNames } from './useLabInfo';
import { SafetyAuditView } from './SafetyAuditView';
import { KIND_TITLES, metricColumns } from './metricColumns';
import { TASK_KINDS, type TaskKind } from '../../core/config/schema';
import type { TaskInfo } from '../../core/data/types';

/** The task kinds present, in a fixed order (regression, binary, multiclass). */
function kindsOf(count: number, tasks: TaskInfo[] | undefined): TaskKind[] {
  const present = new Set(
    Array.from({ length: count }, (_, t) => tasks?.[t]?.kind ?? 'regression'),
  );
  return TASK_KINDS.filter((kind) => present.has(kind));
}

export function ResultsView() {
  const evaluation = useMicroscopeStore((state) => state.evaluation);
  const result = useMicroscopeStore((state) => state.deltaM);
  const audit = useMicroscopeStore((state) => state.audit);
  const architecture = useConfigStore((state) => state.config.model.architecture);
  const pending = useMicroscopeStore((state) => state.pending);
  const error = useMicroscopeStore((state) => state.resultError);
  const running = useRunStore((state) => state.running);
  const step = useRunStore((state) => state.latest?.step ?? 0);
  const tasks = useRunStore((state) => state.data?.tasks);
  const names = useTaskNames();
  const actions = microscopeActions();

  // Fresh metrics once training has stopped at a new step (not during a burst of Step calls).
  useEffect(() => {
    if (running || step === 0 || evaluation?.step === step) return;
    const timer = setTimeout(() => void actions?.refreshMetrics(), 400);
    return () => clearTimeout(timer);
  }, [running, step, evaluation?.step, actions]);

  const metrics = evaluation?.metrics;
  const deltaFresh = result && result.step === step;
  return (
    <section className="micro-card" aria-labelledby="results-title">
      <h3 id="results-title">Results on the test split</h3>
      <div className="micro-actions">
        <button
          type="button"
          className="button button-small"
          disabled={!actions || pending !== null || step === 0}
          onClick={() => actions?.refreshMetrics()}
        >
          Evaluate
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={!actions || pending !== null || step === 0}
          onClick={() => actions?.computeDeltaM()}
        >
          {pending === 'deltaM' ? 'Training baseline…' : 'Compute Δm'}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={!actions || pending !== null || step === 0}
          onClick={() => actions?.safetyAudit()}
          title="Train the single-task network on three weight seeds and flag each task that is worse than it beyond seed noise"
        >
          {pending === 'audit' ? 'Training 3 STL runs…' : 'Safety audit'}
        </button>
        <span className="micro-muted" aria-live="polite">
          {evaluation ? `metrics at step ${evaluation.step}` : 'not evaluated yet'}
        </span>
      </div>
      {error && (
        <p className="micro-warning" role="alert">
          {error}
        </p>
      )}
      {metrics &&
        kindsOf(metrics.length, tasks).map((kind) => {
          const columns = metricColumns(kind);
          const rows = metrics
            .map((m, t) => ({ m, t }))
            .filter(({ t }) => (tasks?.[t]?.kind ?? 'regression') === kind);
          return (
            <div className="task-table-wrap" key={kind}>
              <table className="stats-table" data-testid={`results-table-${kind}`}>
                <caption>{KIND_TITLES[kind]}: test metrics</caption>
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    {columns.map((column) => (
                      <th scope="col" key={column.key} title={column.help}>
                        {column.heading}
                      </th>
                    ))}
                    {result && <th scope="col">STL baseline</th>}
                    {result && <th scope="col">Δ vs STL</th>}
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ m, t }) => (
                    <tr key={names[t]}>
                      <th scope="row">{names[t]}</th>
                      {columns.map((column) => (
                        <td key={column.key}>{fmt(m[column.key] ?? NaN, column.digits)}</td>
                      ))}
                      {result && (
                        <td>
                          {result.metric[t]}{' '}
                          {fmt(
                            result.metric[t] === 'mse'
                              ? result.baseline[t].loss
                              : ((result.metric[t] === 'auc'
                                  ? result.baseline[t].auc
                                  : result.baseline[t].accuracy) ?? NaN),
                            4,
                          )}
                        </td>
                      )}
                      {result && <td>{fmt(result.perTask[t], 2)} %</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      {result && (
        <p className="delta-m" data-testid="delta-m">
          <strong>Δm = {fmt(result.deltaM, 2)} %</strong> at step {result.step}
          {!deltaFresh && ' (training has moved on since)'}.
          {tasks && tasks.length === result.metrics.length && (
            <>
              <br />
              <span className="field-hint" data-testid="delta-m-meaning">
                {explainDeltaM(tasks, result.metrics, result.baseline).meaning}
              </span>
            </>
          )}
        </p>
      )}
      {audit && (
        <SafetyAuditView audit={audit} names={names} step={step} architecture={architecture} />
      )}
      <p className="micro-note">
        Each kind of task has its own table. Beside accuracy and R², the trivial predictor (the
        majority class, the mean label) on the same rows: a model must beat it to have learned
        anything. {DELTA_M_CONVENTION} The baseline trains the single-task network (same sizes,
        data, split, seeds and step count); Compute Δm pauses training.
      </p>
    </section>
  );
}
