/**
 * Which metrics a task's kind has, under which headings: the results view draws one table per
 * kind, so a column never mixes R² with accuracy. The trivial baseline sits beside the metric it
 * is the bar for (mean predictor beside MSE and R², majority class beside accuracy).
 */
import type { TaskKind } from '../../core/config/schema';
import type { TaskMetrics } from '../../core/train/types';

export interface MetricColumn {
  key: keyof TaskMetrics;
  heading: string;
  /** What the heading means, for its title and the table's hint. */
  help: string;
  digits: number;
}

const MAJORITY_CLASS: MetricColumn = {
  key: 'baseline',
  heading: 'Majority class',
  help: 'Accuracy of always predicting the most frequent class (the trivial baseline).',
  digits: 3,
};

const COLUMNS: Record<TaskKind, readonly MetricColumn[]> = {
  regression: [
    { key: 'loss', heading: 'MSE', help: 'Mean squared error on the test split.', digits: 4 },
    {
      key: 'baseline',
      heading: 'MSE of mean',
      help: 'MSE of always predicting the mean label (the trivial baseline; its R² is 0).',
      digits: 4,
    },
    {
      key: 'r2',
      heading: 'R²',
      help: '1 − MSE ÷ MSE of mean; 0 = no better than the mean.',
      digits: 3,
    },
    {
      key: 'explainedVariance',
      heading: 'Explained variance',
      help: 'Like R² but ignores a constant offset of the predictions.',
      digits: 3,
    },
  ],
  binary: [
    { key: 'loss', heading: 'BCE', help: 'Binary cross-entropy on the test split.', digits: 4 },
    {
      key: 'accuracy',
      heading: 'Accuracy',
      help: 'Share of rows classified right at p = 0.5.',
      digits: 3,
    },
    MAJORITY_CLASS,
    {
      key: 'balancedAccuracy',
      heading: 'Balanced accuracy',
      help: 'Mean of the recall of each class; 0.5 for the majority-class predictor however imbalanced.',
      digits: 3,
    },
    { key: 'auc', heading: 'AUC', help: 'Area under the ROC curve; 0.5 = chance.', digits: 3 },
  ],
  multiclass: [
    {
      key: 'loss',
      heading: 'Cross-entropy',
      help: 'Softmax cross-entropy on the test split.',
      digits: 4,
    },
    {
      key: 'accuracy',
      heading: 'Accuracy',
      help: 'Share of rows whose top class is right.',
      digits: 3,
    },
    MAJORITY_CLASS,
    {
      key: 'balancedAccuracy',
      heading: 'Balanced accuracy',
      help: 'Mean of the recall of each class; 1 ÷ classes for a constant predictor.',
      digits: 3,
    },
  ],
};

export function metricColumns(kind: TaskKind): readonly MetricColumn[] {
  return COLUMNS[kind];
}

export const KIND_TITLES: Record<TaskKind, string> = {
  regression: 'Regression tasks',
  binary: 'Binary tasks',
  multiclass: 'Multiclass tasks',
};
