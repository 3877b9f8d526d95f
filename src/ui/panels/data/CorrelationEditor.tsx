/**
 * The full task-similarity matrix P: one slider per pair, and a compact matrix of number cells.
 * An edit that makes P impossible (not positive semidefinite) is kept as typed, never clamped:
 * the panel says so, shows the nearest valid matrix and offers a button to use it.
 */
import { useMemo } from 'react';
import { suggestSimilarity } from '../../../core/data/validateData';
import { useConfigStore } from '../../../state/configStore';
import { useFieldErrors } from '../../fields/useFieldErrors';
import { useLab } from '../../LabContext';
import { messageBody } from '../../../core/config/messages';
import { CONFIG_PATH_ATTRIBUTE } from '../../fields/focusControl';
import {
  editableMatrix,
  generatorTaskName,
  isEquicorrelation,
  setPair,
  taskPairs,
} from './correlationEdit';
import { CorrelationMatrixTable } from './CorrelationMatrixTable';
import './dataStudio.css';

export function CorrelationEditor() {
  const lab = useLab();
  const data = useConfigStore((state) => state.draft.data);
  const errors = useFieldErrors('data.correlation');
  const P = useMemo(() => editableMatrix(data), [data]);
  const suggestion = useMemo(() => {
    try {
      return suggestSimilarity(data);
    } catch {
      return null;
    }
  }, [data]);
  if (data.tasks < 2) return null;
  const edit = (i: number, j: number, value: number) =>
    lab.edit({ data: { correlation: setPair(P, i, j, value) } });
  const custom = data.correlation !== null && !isEquicorrelation(P, data.rho);

  return (
    <fieldset className="correlation-editor">
      <legend>Similarity of each pair of tasks</legend>
      <p className="field-hint">
        {custom
          ? 'Custom matrix. Moving the ρ slider above sets every pair back to ρ.'
          : 'Every pair is at ρ. Move a pair to give tasks different similarities.'}
      </p>
      <div className="pair-sliders">
        {taskPairs(data.tasks).map(([i, j]) => {
          const label = `Similarity of ${generatorTaskName(i)} and ${generatorTaskName(j)}`;
          const value = P[i][j];
          return (
            <div className="pair-slider" key={`${i}-${j}`}>
              <label htmlFor={`pair-${i}-${j}`}>
                {generatorTaskName(i)} · {generatorTaskName(j)}
              </label>
              <input
                id={`pair-${i}-${j}`}
                {...{ [CONFIG_PATH_ATTRIBUTE]: `data.correlation[${i}][${j}]` }}
                type="range"
                min={-1}
                max={1}
                step={0.05}
                value={value}
                aria-label={label}
                aria-valuetext={value.toFixed(2)}
                aria-invalid={suggestion !== null}
                onChange={(event) => edit(i, j, Number(event.target.value))}
              />
              <output htmlFor={`pair-${i}-${j}`} className="range-value">
                {value.toFixed(2)}
              </output>
            </div>
          );
        })}
      </div>
      <details className="matrix-details">
        <summary>Edit as a matrix</summary>
        <CorrelationMatrixTable matrix={P} onEdit={edit} />
      </details>
      {suggestion && (
        <div className="psd-warning" role="alert" data-testid="psd-warning">
          <p>
            <strong>These similarities cannot all hold at once.</strong> The matrix is not positive
            semidefinite, so no set of task weight vectors has these cosines. The data and run are
            kept as they were. The nearest valid matrix is:
          </p>
          <CorrelationMatrixTable matrix={suggestion} caption="Nearest valid similarity matrix" />
          <button
            type="button"
            className="button"
            onClick={() => lab.edit({ data: { correlation: suggestion } })}
          >
            Use the nearest valid matrix
          </button>
        </div>
      )}
      {errors.length > 0 && !suggestion && (
        <ul className="field-error" role="alert">
          {errors.map((message) => (
            <li key={message}>{messageBody(message)}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
