/**
 * The public types of the engine's Trainer (implementation in trainer.ts).
 */
import type { tf } from '../tf';
import type { LabConfig } from '../config/schema';
import type { Dataset, Split } from '../data/types';
import type { MethodDefinition } from '../methods/types';
import type { ParamSpec } from '../model/types';
import type { Optimizer } from './optimizer';
import type { Snapshot, TaskMetrics } from './types';
import type { OutputTable } from './metrics';
import type { AffinityReport } from '../grouping/affinity';
import type { DataMaps } from '../grouping/dataMap';
import type { WeightEntry } from './weights';

export interface TrainerOptions {
  /** For methods that do not compute task gradients, compute the Gram matrix every k steps for the conflict view (0 = never). */
  conflictEvery?: number;
  /** Evaluate the test loss (and gates) in snapshot() when at least this many steps passed. */
  testLossEvery?: number;
  /** Rows per evaluation batch. */
  evalBatchSize?: number;
  /**
   * Builds the optimizer instead of the default AdamOptimizer (e.g. the fused WebGPU Adam of
   * src/core/gpu). Variables come in spec order; `specs[i].shared` tells shared from per-task.
   */
  createOptimizer?: (args: OptimizerArgs) => Optimizer;
  /** Measure TAG's inter-task affinity every k steps (0 = off; src/core/grouping). */
  affinityEvery?: number;
  /** Record STG-MTL's data maps (once per epoch; src/core/grouping). */
  dataMap?: boolean;
}

export interface OptimizerArgs {
  variables: tf.Variable[];
  specs: ParamSpec[];
  learningRate: number;
  tasks: number;
}

export interface CreateTrainerArgs {
  config: LabConfig;
  dataset: Dataset;
  /** Method definition to use instead of looking up config.train.method. */
  method?: MethodDefinition;
  options?: TrainerOptions;
}

export type SplitName = 'train' | 'test';

/** Weights at a step, kept outside the device (the worker's last good checkpoint). */
export interface TrainerCheckpoint {
  step: number;
  weights: WeightEntry[];
}

export interface Trainer {
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly dataset: Dataset;
  train(steps: number): Promise<void>;
  snapshot(): Promise<Snapshot>;
  evaluate(split: SplitName | Split): Promise<TaskMetrics[]>;
  /** rows x tasks in label units: regression value, binary probability, multiclass class index. */
  predict(split: SplitName | Split): Promise<number[][]>;
  exportWeights(): Promise<WeightEntry[]>;
  /** Replace the weights (names and shapes must match) and reset the optimizer's moments. */
  importWeights(weights: WeightEntry[]): Promise<void>;
  /**
   * Go back to a checkpoint: its weights, its step (the batch order follows), fresh optimizer
   * moments, and the divergence flag cleared. Throws (changing nothing) when the weights do not fit.
   */
  restore(checkpoint: TrainerCheckpoint): Promise<void>;
  /** The network's raw outputs (logits) on a split, e.g. for an ensemble (src/core/grouping). */
  outputTable(split: SplitName): Promise<OutputTable>;
  /** TAG's averaged affinity so far (null unless `affinityEvery` > 0). */
  affinity(): AffinityReport | null;
  /** STG-MTL's data maps so far (null unless `dataMap`). */
  dataMaps(): DataMaps | null;
  /** Method state for display (e.g. UW's log-variances), when the method exposes it. */
  methodState(): Record<string, number[]> | null;
  dispose(): void;
}
