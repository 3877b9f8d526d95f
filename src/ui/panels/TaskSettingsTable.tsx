import { generatedTaskName } from '../../core/data/generator';
import { LIMITS, type TaskSpec } from '../../core/config/schema';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { FieldError } from '../fields/FieldError';
import { useFieldErrors } from '../fields/useFieldErrors';
import { useLab } from '../LabContext';
import { taskColor } from '../charts/palette';
import { messagePath } from '../../core/config/messages';
import { CONFIG_PATH_ATTRIBUTE } from '../fields/focusControl';
import { namedMessage } from '../share/controlNames';
import { useFieldHidden } from '../share/Hideable';

/** Degree and noise of every task, one row per task. */
export function TaskSettingsTable() {
  const lab = useLab();
  const specs = useConfigStore((state) => state.draft.data.taskSpecs);
  const errors = useFieldErrors('data.taskSpecs');
  const showDegree = !useFieldHidden('data.taskSpecs[].degree');
  const showNoise = !useFieldHidden('data.taskSpecs[].noise');
  const dataTasks = useRunStore((state) => state.data?.tasks);
  // Use the dataset's task names (as in the chart) for tasks that exist already.
  const taskName = (index: number) => dataTasks?.[index]?.name ?? generatedTaskName(index);

  const cell = (index: number, key: keyof TaskSpec) => {
    const path = `data.taskSpecs[${index}].${key}`;
    return {
      [CONFIG_PATH_ATTRIBUTE]: path,
      'aria-invalid': errors.some((message) => messagePath(message) === path),
    };
  };

  const editTask = (index: number, change: Partial<TaskSpec>) => {
    const taskSpecs = specs.map((spec, i) => (i === index ? { ...spec, ...change } : spec));
    lab.edit({ data: { taskSpecs } });
  };

  if (!showDegree && !showNoise) return null;
  return (
    <div className="task-table-wrap">
      <table
        className="task-table"
        aria-describedby={errors.length ? 'task-settings-error' : undefined}
      >
        <caption>Per-task settings</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            {showDegree && <th scope="col">Degree</th>}
            {showNoise && <th scope="col">Noise σ</th>}
          </tr>
        </thead>
        <tbody>
          {specs.map((spec, index) => (
            <tr key={index}>
              <th scope="row">
                <span
                  className="swatch"
                  style={{ background: taskColor(index) }}
                  aria-hidden="true"
                />
                {taskName(index)}
              </th>
              {showDegree && (
                <td>
                  <input
                    type="number"
                    {...cell(index, 'degree')}
                    aria-label={`${taskName(index)} polynomial degree`}
                    min={LIMITS.degree.min}
                    max={LIMITS.degree.max}
                    step={1}
                    value={Number.isNaN(spec.degree) ? '' : spec.degree}
                    onChange={(event) => editTask(index, { degree: toNumber(event.target.value) })}
                  />
                </td>
              )}
              {showNoise && (
                <td>
                  <input
                    type="number"
                    {...cell(index, 'noise')}
                    aria-label={`${taskName(index)} label noise`}
                    min={LIMITS.noise.min}
                    max={LIMITS.noise.max}
                    step={0.01}
                    value={Number.isNaN(spec.noise) ? '' : spec.noise}
                    onChange={(event) => editTask(index, { noise: toNumber(event.target.value) })}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError id="task-settings-error" messages={errors.map(namedMessage)} stripPath={false} />
    </div>
  );
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
