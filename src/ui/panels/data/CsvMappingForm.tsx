/** The mapping step of a CSV import: a role for every column, a kind for every task, the split. */
import { useState } from 'react';
import { TASK_KINDS, type TaskKind } from '../../../core/config/schema';
import type { CsvPreview } from '../../../worker/protocol/data';
import { useDataStudioStore } from '../../../state/dataStudioStore';
import { useDataStudio } from './DataStudioContext';
import {
  draftFromPreview,
  draftProblems,
  mappingFromDraft,
  setKind,
  setRole,
  setTargetStandardized,
  splitColumnOf,
  targetStandardized,
  type ColumnRole,
} from './csvMappingDraft';

const ROLE_LABEL: Record<ColumnRole, string> = {
  feature: 'Feature',
  task: 'Task',
  split: 'Split (train/test)',
  ignore: 'Ignore',
};

export function CsvMappingForm({ preview }: { preview: CsvPreview }) {
  const studio = useDataStudio();
  const importing = useDataStudioStore((state) => state.importPhase === 'importing');
  const [draft, setDraft] = useState(() => draftFromPreview(preview));
  const problems = draftProblems(draft);
  const hasSplitColumn = splitColumnOf(draft) !== undefined;

  return (
    <form
      className="mapping-form"
      aria-label={`Map the columns of ${preview.fileName}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length === 0) void studio.confirmImport(mappingFromDraft(draft));
      }}
    >
      <p className="field-hint">
        {preview.fileName}: {preview.rows.toLocaleString('en-US')} rows, {preview.columns.length}{' '}
        columns. Choose what each column is.
      </p>
      <div className="mapping-wrap">
        <table className="task-table mapping-table">
          <caption className="visually-hidden">Column roles</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Role</th>
              <th scope="col">Task kind</th>
              <th
                scope="col"
                title="Train a regression task on (value − mean) ÷ std of its train rows"
              >
                Standardise target
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((column) => (
              <tr key={column.name}>
                <th scope="row" title={`First values: ${firstValues(preview, column.name)}`}>
                  {column.name}
                  {!column.numeric && <span className="column-note"> text</span>}
                </th>
                <td>
                  <select
                    aria-label={`Role of column ${column.name}`}
                    value={draft.roles[column.name]}
                    onChange={(e) =>
                      setDraft(setRole(draft, column.name, e.target.value as ColumnRole))
                    }
                  >
                    {(Object.keys(ROLE_LABEL) as ColumnRole[]).map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABEL[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {draft.roles[column.name] === 'task' ? (
                    <select
                      aria-label={`Kind of task ${column.name}`}
                      value={draft.kinds[column.name]}
                      onChange={(e) =>
                        setDraft(setKind(draft, column.name, e.target.value as TaskKind))
                      }
                    >
                      {TASK_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {kind}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span aria-hidden="true">–</span>
                  )}
                </td>
                <td>
                  {draft.roles[column.name] === 'task' &&
                  draft.kinds[column.name] === 'regression' ? (
                    <input
                      type="checkbox"
                      aria-label={`Standardise the target ${column.name}`}
                      checked={targetStandardized(draft, column.name)}
                      onChange={(e) =>
                        setDraft(setTargetStandardized(draft, column.name, e.target.checked))
                      }
                    />
                  ) : (
                    <span aria-hidden="true">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!hasSplitColumn && (
        <div className="field-grid">
          <div className="field">
            <label htmlFor="import-test-fraction">Test fraction</label>
            <input
              id="import-test-fraction"
              type="number"
              min={0.05}
              max={0.9}
              step={0.05}
              value={draft.testFraction}
              onChange={(e) => setDraft({ ...draft, testFraction: Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor="import-seed">Split seed</label>
            <input
              id="import-seed"
              type="number"
              min={0}
              step={1}
              value={draft.seed}
              onChange={(e) => setDraft({ ...draft, seed: Number(e.target.value) })}
            />
          </div>
        </div>
      )}
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={draft.standardize}
          onChange={(e) => setDraft({ ...draft, standardize: e.target.checked })}
        />
        Standardize features (train mean and std)
      </label>
      <p className="field-hint">
        Standardised regression targets train on a common scale, so a task measured in hundreds does
        not drown the others in the summed loss; metrics and predictions stay in the column’s own
        units.
      </p>
      {problems.length > 0 && (
        <ul className="field-hint mapping-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={problems.length > 0 || importing}
        >
          {importing ? 'Importing…' : 'Import and train'}
        </button>
        <button type="button" className="button" onClick={() => studio.cancelImport()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function firstValues(preview: CsvPreview, column: string): string {
  const index = preview.columns.findIndex((c) => c.name === column);
  return preview.sample.map((row) => row[index]).join(', ');
}
