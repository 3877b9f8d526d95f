import type { DataConfig, TaskKind } from '../config/schema';

export interface TaskInfo {
  name: string;
  kind: TaskKind;
  /** Output units of the network for this task: 1 for regression and binary, C for multiclass. */
  outputs: number;
  /**
   * Classification only: the original label of each class index (CSV import maps sorted distinct
   * values to 0..C-1). Absent for generated tasks, whose classes are simply 0..C-1.
   */
  classNames?: string[];
  /**
   * Regression only: the network trains on (label − mean) ÷ std, with mean and std of the train
   * rows' labels (CSV import, on by default), so a price-like target does not dominate the summed
   * loss. Predictions and metrics are converted back to the label's own units; absent = identity.
   */
  labelScale?: LabelScale;
}

export interface LabelScale {
  mean: number;
  std: number;
}

/** A stored (standardised) regression value in the label's own units. */
export function toLabelUnits(task: Pick<TaskInfo, 'labelScale'>, value: number): number {
  return task.labelScale ? value * task.labelScale.std + task.labelScale.mean : value;
}

/** One split, row-major float32: x is rows x features, y is rows x tasks. */
export interface Split {
  rows: number;
  x: Float32Array;
  /**
   * Labels; class index (as a float) for classification tasks. Where `mask` is 0 the value is 0
   * and carries no information: losses and metrics must skip it.
   */
  y: Float32Array;
  /** 1 where the task's label is present (low-resource tasks), rows x tasks; absent = all labelled. */
  mask?: Uint8Array;
}

export interface Dataset {
  features: number;
  tasks: TaskInfo[];
  train: Split;
  test: Split;
  /** Where the data came from: the generator's config, or a CSV import's description. */
  source:
    | {
        kind: 'generator';
        config: DataConfig;
        weights: number[][];
        similarity: number[][];
        /**
         * Per task, the latent-score cut points of a classification task (1 for binary, C-1 for
         * multiclass), fitted on the train split and reused for test; [] for regression.
         */
        thresholds?: number[][];
      }
    | { kind: 'csv'; name: string; featureNames: string[] };
  /** Columns zeroed because the config switches them off (data/featuresOff.ts); absent = none. */
  inputsOff?: number[];
  /** Feature standardisation applied (identity for generated data). */
  featureMean: number[];
  featureStd: number[];
}
