/**
 * Requested similarity P beside what the data turned out to be: the realised cosines of the
 * generator's weight rows (should equal P) and the train-split label correlations (smaller for
 * non-linear tasks). Imported tables only have the label correlations.
 */
import type { DatasetView } from '../../../worker/protocol/data';
import { Heatmap } from '../../charts/Heatmap';

export function SimilarityHeatmaps({ view }: { view: DatasetView }) {
  const names = view.taskNames;
  if (names.length < 2) {
    return <p className="field-hint">One task: there are no pairs to compare.</p>;
  }
  return (
    <div className="heatmap-row">
      {view.requested && (
        <Heatmap
          matrix={view.requested}
          rowLabels={names}
          colLabels={names}
          label="Requested similarity P"
          testId="heatmap-requested"
        />
      )}
      {view.weightCosines && (
        <Heatmap
          matrix={view.weightCosines}
          rowLabels={names}
          colLabels={names}
          label="Realised cos(w_i, w_j)"
          testId="heatmap-weight-cosines"
        />
      )}
      <Heatmap
        matrix={view.labelCorrelation}
        rowLabels={names}
        colLabels={names}
        label="Label correlation (train)"
        testId="heatmap-label-correlation"
      />
    </div>
  );
}
