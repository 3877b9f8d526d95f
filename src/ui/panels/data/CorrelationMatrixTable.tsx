import { generatorTaskName, parseCell } from './correlationEdit';

interface CorrelationMatrixTableProps {
  matrix: number[][];
  /** Editable upper triangle when given; read-only otherwise. */
  onEdit?: (i: number, j: number, value: number) => void;
  caption?: string;
}

/**
 * A compact T x T matrix. Editable cells commit on Enter or when focus leaves them (typing "-0."
 * on the way to "-0.8" is not an edit); the lower triangle mirrors the upper one.
 */
export function CorrelationMatrixTable({ matrix, onEdit, caption }: CorrelationMatrixTableProps) {
  const commit = (i: number, j: number, text: string, input: HTMLInputElement) => {
    const value = parseCell(text);
    if (Number.isNaN(value)) {
      input.setCustomValidity('Enter a number from -1 to 1');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    if (value !== matrix[i][j]) onEdit?.(i, j, value);
  };
  return (
    <div className="matrix-wrap">
      <table className="matrix-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <td />
            {matrix.map((_, j) => (
              <th scope="col" key={j}>
                {j}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row">{i}</th>
              {row.map((value, j) => (
                <td key={j}>
                  {onEdit && j > i ? (
                    <input
                      key={value}
                      type="text"
                      inputMode="decimal"
                      aria-label={`Similarity of ${generatorTaskName(i)} and ${generatorTaskName(j)}`}
                      defaultValue={value.toFixed(2)}
                      onBlur={(event) => commit(i, j, event.target.value, event.target)}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter')
                          commit(i, j, event.currentTarget.value, event.currentTarget);
                      }}
                    />
                  ) : (
                    <span className={i === j ? 'matrix-diagonal' : undefined}>
                      {i === j ? '1' : value.toFixed(2)}
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
