import { useDataStudioStore } from '../../../state/dataStudioStore';
import type { DatasetView } from '../../../worker/protocol/data';
import { ScatterCanvas } from '../../charts/ScatterCanvas';
import { useDataStudio } from './DataStudioContext';

/** Labels of two chosen tasks against each other (train rows, subsampled in the worker). */
export function TaskScatter({ view }: { view: DatasetView }) {
  const studio = useDataStudio();
  const pair = useDataStudioStore((state) => state.scatterPair);
  const scatter = useDataStudioStore((state) => state.scatter);
  const names = view.taskNames;
  if (names.length < 2) return null;
  const choose = (which: 0 | 1, task: number) => {
    const next: [number, number] = which === 0 ? [task, pair[1]] : [pair[0], task];
    void studio.setScatterPair(next);
  };
  const select = (which: 0 | 1, label: string) => (
    <label className="inline-field">
      {label}
      <select value={pair[which]} onChange={(e) => choose(which, Number(e.target.value))}>
        {names.map((name, t) => (
          <option key={name} value={t}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  const description = scatter
    ? `r = ${Number.isFinite(scatter.correlation) ? scatter.correlation.toFixed(2) : 'undefined'} over ${scatter.total.toLocaleString('en-US')} train rows${scatter.a.length < scatter.total ? ` (${scatter.a.length.toLocaleString('en-US')} shown)` : ''}`
    : 'loading';
  return (
    <div className="task-scatter">
      <div className="scatter-controls">
        {select(0, 'Horizontal')}
        {select(1, 'Vertical')}
        <span className="field-hint">{description}</span>
      </div>
      {scatter && (
        <ScatterCanvas
          x={scatter.a}
          y={scatter.b}
          xLabel={names[scatter.taskA]}
          yLabel={names[scatter.taskB]}
          description={description}
          jitterX={view.taskKinds[scatter.taskA] !== 'regression'}
          jitterY={view.taskKinds[scatter.taskB] !== 'regression'}
        />
      )}
    </div>
  );
}
