/**
 * Per-task kind and imbalance settings of the generator: regression / binary / multiclass (with
 * classes or class balance), label scale, and the share of training rows that carry a label.
 */
import type { TaskKind, TaskSpec } from '../../../core/config/schema';
import { TASK_KINDS } from '../../../core/config/schema';
import { useConfigStore } from '../../../state/configStore';
import { FieldError } from '../../fields/FieldError';
import { useFieldErrors } from '../../fields/useFieldErrors';
import { useLab } from '../../LabContext';
import { messagePath } from '../../../core/config/messages';
import { CONFIG_PATH_ATTRIBUTE } from '../../fields/focusControl';
import { namedMessage } from '../../share/controlNames';
import { useFieldHidden } from '../../share/Hideable';
import { generatorTaskName } from './correlationEdit';
import './dataStudio.css';

const KIND_LABEL: Record<TaskKind, string> = {
  regression: 'Regression',
  binary: 'Binary',
  multiclass: 'Multiclass',
};

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

const shown = (value: number): number | string => (Number.isNaN(value) ? '' : value);

export function TaskKindsTable() {
  const lab = useLab();
  const specs = useConfigStore((state) => state.draft.data.taskSpecs);
  const errors = useFieldErrors('data.taskSpecs').filter((m) =>
    /\.(kind|classes|positiveRate|scale|labelledFraction)$/.test(messagePath(m)),
  );
  const show = {
    kind: !useFieldHidden('data.taskSpecs[].kind'),
    classes: !useFieldHidden('data.taskSpecs[].classes'),
    positiveRate: !useFieldHidden('data.taskSpecs[].positiveRate'),
    scale: !useFieldHidden('data.taskSpecs[].scale'),
    labelled: !useFieldHidden('data.taskSpecs[].labelledFraction'),
  };
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

  return (
    <div className="task-table-wrap kinds-wrap">
      <table className="task-table kinds-table">
        <caption>Task kinds and imbalance</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            {show.kind && <th scope="col">Kind</th>}
            {(show.classes || show.positiveRate) && (
              <th scope="col" title="Classes (multiclass) or positive share (binary)">
                Classes / pos.
              </th>
            )}
            {show.scale && (
              <th scope="col" title="Multiplier on the regression label">
                Scale
              </th>
            )}
            {show.labelled && (
              <th scope="col" title="Share of training rows with a label">
                Labelled
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {specs.map((spec, index) => {
            const name = generatorTaskName(index);
            return (
              <tr key={index}>
                <th scope="row">{name}</th>
                {show.kind && (
                  <td>
                    <select
                      {...cell(index, 'kind')}
                      aria-label={`${name} kind`}
                      value={spec.kind}
                      onChange={(event) =>
                        editTask(index, { kind: event.target.value as TaskKind })
                      }
                    >
                      {TASK_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {KIND_LABEL[kind]}
                        </option>
                      ))}
                    </select>
                  </td>
                )}
                {(show.classes || show.positiveRate) && (
                  <td>
                    {spec.kind === 'multiclass' && show.classes && (
                      <input
                        type="number"
                        {...cell(index, 'classes')}
                        aria-label={`${name} number of classes`}
                        min={2}
                        max={10}
                        step={1}
                        value={shown(spec.classes)}
                        onChange={(e) => editTask(index, { classes: toNumber(e.target.value) })}
                      />
                    )}
                    {spec.kind === 'binary' && show.positiveRate && (
                      <input
                        type="number"
                        {...cell(index, 'positiveRate')}
                        aria-label={`${name} positive class share (class balance)`}
                        min={0.01}
                        max={0.99}
                        step={0.05}
                        value={shown(spec.positiveRate)}
                        onChange={(e) =>
                          editTask(index, { positiveRate: toNumber(e.target.value) })
                        }
                      />
                    )}
                    {spec.kind === 'regression' && <span aria-hidden="true">–</span>}
                  </td>
                )}
                {show.scale && (
                  <td>
                    {spec.kind === 'regression' ? (
                      <input
                        type="number"
                        {...cell(index, 'scale')}
                        aria-label={`${name} label scale`}
                        min={0.001}
                        max={1000}
                        step="any"
                        value={shown(spec.scale)}
                        onChange={(e) => editTask(index, { scale: toNumber(e.target.value) })}
                      />
                    ) : (
                      <span aria-hidden="true">–</span>
                    )}
                  </td>
                )}
                {show.labelled && (
                  <td>
                    <input
                      type="number"
                      {...cell(index, 'labelledFraction')}
                      aria-label={`${name} labelled fraction of training rows`}
                      min={0.01}
                      max={1}
                      step={0.05}
                      value={shown(spec.labelledFraction)}
                      onChange={(e) =>
                        editTask(index, { labelledFraction: toNumber(e.target.value) })
                      }
                    />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldError id="task-kinds-error" messages={errors.map(namedMessage)} stripPath={false} />
    </div>
  );
}
