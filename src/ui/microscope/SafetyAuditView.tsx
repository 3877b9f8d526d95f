/**
 * The safety audit's table (core/train/safetyAudit.ts): per task the run's test metric, STL's mean
 * ± standard deviation over three weight seeds, the gain, and "negative sharing" where the run is
 * worse than STL beyond twice that seed noise.
 */
import { NOISE_FACTOR } from '../../core/train/safetyAudit';
import type { SafetyAuditResult } from '../../worker/protocol/runs';
import { fmt } from './useLabInfo';

/** Short, with the better direction: the table is narrow in the microscope's column. */
const METRIC_NAMES = { mse: 'MSE ↓', auc: 'AUC ↑', accuracy: 'accuracy ↑' };

export function SafetyAuditView({
  audit,
  names,
  step,
  architecture,
}: {
  audit: SafetyAuditResult;
  names: string[];
  step: number;
  architecture: string | undefined;
}) {
  return (
    <div className="task-table-wrap" data-testid="safety-audit">
      <table className="stats-table">
        <caption>
          Safety audit at step {audit.step}
          {audit.step !== step && ' (training has moved on since)'}: {audit.negativeCount} of{' '}
          {audit.tasks.length} task{audit.tasks.length === 1 ? '' : 's'} with negative sharing
        </caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col" title="The test metric Δm uses; the arrow says which way is better">
              Test metric
            </th>
            <th scope="col">This run</th>
            <th scope="col">STL mean ± sd</th>
            <th scope="col">Gain over STL</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {audit.tasks.map((task, t) => (
            <tr key={names[t] ?? t} data-negative={task.negative}>
              <th scope="row">{names[t] ?? `task_${t}`}</th>
              <td>{METRIC_NAMES[task.metric]}</td>
              <td>{fmt(task.run, 4)}</td>
              <td>
                {fmt(task.stlMean, 4)} ± {fmt(task.stlStd, 4)}
              </td>
              <td>{fmt(task.gain, 4)}</td>
              <td>{task.negative ? 'negative sharing' : 'safe'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="micro-note">
        STL trained on weight seeds {audit.seeds.join(', ')} with this run&apos;s sizes, data and
        steps. A task shows negative sharing when it is worse than STL&apos;s mean by more than{' '}
        {NOISE_FACTOR} standard deviations over those seeds (three seeds give a rough spread).
        {architecture === 'dsmtl' &&
          ' Deep Safe MTL promises that the best fit of its training objective is never worse than a task trained alone (its gate can close to the private encoder); it does not promise that training reaches that fit, nor anything about test error, which is what this audit measures.'}
      </p>
    </div>
  );
}
