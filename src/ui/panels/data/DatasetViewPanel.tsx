/**
 * The dataset as it really is: rows per split, requested vs realised similarities, label
 * histograms per task and a scatter of two tasks. Computed in the worker, shown here.
 */
import { useDataStudioStore } from '../../../state/dataStudioStore';
import { taskColor } from '../../charts/palette';
import { LabelHistogram } from '../../charts/LabelHistogram';
import { SimilarityHeatmaps } from './SimilarityHeatmaps';
import { TaskScatter } from './TaskScatter';
import './dataStudio.css';

export function DatasetViewPanel() {
  const view = useDataStudioStore((state) => state.view);
  if (!view) return null;
  const origin = view.origin.kind === 'csv' ? `Imported: ${view.origin.name}` : 'Generated';
  return (
    <section className="panel dataset-view" aria-labelledby="dataset-view-title">
      <h2 id="dataset-view-title">Dataset</h2>
      <p className="split-rows" data-testid="split-rows">
        {origin}. Train {view.rows.train.toLocaleString('en-US')} rows, test{' '}
        {view.rows.test.toLocaleString('en-US')} rows ({view.rows.total.toLocaleString('en-US')} in
        all), {view.features} features, {view.taskNames.length} tasks.
      </p>
      <h3>Task similarity</h3>
      <SimilarityHeatmaps view={view} />
      <h3>Label distributions (train)</h3>
      <div className="histogram-row">
        {view.histograms.map((histogram, t) => {
          const summary = view.perTask[t];
          const kind = view.taskKinds[t];
          const classNames = view.classNames[t] ?? undefined;
          const labelled =
            summary.labelled < view.rows.train
              ? `, ${Math.round((100 * summary.labelled) / view.rows.train)}% labelled`
              : '';
          return (
            <LabelHistogram
              key={view.taskNames[t]}
              histogram={histogram}
              classNames={classNames}
              color={taskColor(t)}
              label={`${view.taskNames[t]} (${kind}${labelled})`}
            />
          );
        })}
      </div>
      {view.taskNames.length > 1 && (
        <>
          <h3>Two tasks against each other</h3>
          <TaskScatter view={view} />
        </>
      )}
    </section>
  );
}
