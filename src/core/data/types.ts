import type { DataConfig, TaskKind } from '../config/schema';

export interface TaskInfo {
  name: string;
  kind: TaskKind;
  /** Output units of the network for this task: 1 for regression and binary, C for multiclass. */
  outputs: number;
}

/** One split, row-major float32: x is rows x features, y is rows x tasks. */
export interface Split {
  rows: number;
  x: Float32Array;
  /** Labels; class index (as a float) for classification tasks. */
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
    | { kind: 'generator'; config: DataConfig; weights: number[][]; similarity: number[][] }
    | { kind: 'csv'; name: string; featureNames: string[] };
  /** Feature standardisation applied (identity for generated data). */
  featureMean: number[];
  featureStd: number[];
}
