/**
 * The public types of the engine's Trainer (implementation in trainer.ts).
 */
import type { tf } from '../tf';
import type { LabConfig } from '../config/schema';
import type { Dataset, Split } from '../data/types';
import type { MethodDefinition, MethodInstance } from '../methods/types';
import type { ParamSpec } from '../model/types';
import type { AdamMoments, Optimizer } from './optimizer';
import type { Snapshot, TaskMetrics } from './types';
import type { OutputTable } from './metrics';
import type { AffinityReport } from '../grouping/affinity';
import type { DataMaps } from '../grouping/dataMap';
import type { WeightEntry } from './weights';
import type { LiveSettings } from '../config/liveSettings';
import type { PlaneSpec } from '../network/plane';
import type { NetworkViewData } from '../network/view';

export interface TrainerOptions {
  /** For methods that do not compute task gradients, compute the Gram matrix every k steps for the conflict view (0 = never). */
  conflictEvery?: number;
  /** Evaluate the test loss (and gates) in snapshot() when at least this many steps passed. */
  testLossEvery?: number;
  /** Rows per evaluation batch. */
  evalBatchSize?: number;
  /**
   * Builds the optimizer instead of the default AdamOptimizer (e.g. the fused WebGPU Adam of
   * src/core/engines/webgpu). Variables come in spec order; `specs[i].shared` tells shared from per-task.
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

/**
 * Everything a run needs to continue elsewhere (another backend) as if nothing happened: weights,
 * step, the optimizer's moments, and the method's own state (a plain float64 object, so it simply
 * moves along; it is not serialisable and stays inside the worker).
 */
export interface TrainerState extends TrainerCheckpoint {
  moments: AdamMoments;
  method: MethodInstance;
}

export interface Trainer {
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly dataset: Dataset;
  /** Per task, the std of the network output across the training inputs at step 0. */
  readonly initialSpread: number[];
  /** CPU threads a step runs on, on an engine that threads (wasm-fused), and why only one. */
  readonly threads?: { count: number; reason: string | null };
  /**
   * Train `steps` steps. With `refreshViews` (a Step pressed while paused) the last step also
   * probes the task gradients and the next snapshot evaluates the test loss, so every view that
   * step changes is fresh, whatever the usual cadence.
   */
  train(steps: number, refreshViews?: boolean): Promise<void>;
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
  /** The whole training state (after the steps issued so far), to continue on another backend. */
  exportState(): Promise<TrainerState>;
  /** Continue from exportState() of a trainer on the same config (possibly another backend). */
  restoreState(state: TrainerState): Promise<void>;
  /** The network's raw outputs (logits) on a split, e.g. for an ensemble (src/core/grouping). */
  outputTable(split: SplitName): Promise<OutputTable>;
  /** TAG's averaged affinity so far (null unless `affinityEvery` > 0). */
  affinity(): AffinityReport | null;
  /** STG-MTL's data maps so far (null unless `dataMap`). */
  dataMaps(): DataMaps | null;
  /** Method state for display (e.g. UW's log-variances), when the method exposes it. */
  methodState(): Record<string, number[]> | null;
  /**
   * Take over live settings (config/liveSettings.ts) before the next chunk, keeping the weights,
   * step, optimizer moments and batch order. Throws, changing nothing, on an invalid option.
   */
  updateSettings(settings: LiveSettings): void;
  /**
   * The network view's numbers for this plane: one batched forward of a grid × grid square, every
   * drawn unit's activations, gate means and link weights, in one readback (core/network/view.ts).
   * `pull`: also every drawn weight's task pull and conflict (core/network/linkGradients.ts).
   */
  networkView(plane: PlaneSpec, grid: number, pull?: boolean): Promise<NetworkViewData>;
  dispose(): void;
}
