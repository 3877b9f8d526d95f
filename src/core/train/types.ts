import type { Diversity } from './diversity';

/**
 * What the engine reports. A snapshot is small (a few hundred numbers) and is what the worker
 * sends to the page at most ~20 times a second.
 */
export interface ConflictStats {
  step: number;
  /** T x T cosine similarities of the task gradients on the shared parameters. */
  cosine: number[][];
  /** Per-task gradient norms on the shared parameters. */
  norms: number[];
  /** Share of task pairs with negative cosine at this step. */
  conflictRate: number;
  /** sigma_max / sigma_min of the task Jacobian (sqrt of the Gram matrix's eigenvalue ratio). */
  conditionNumber: number;
}

export interface TaskMetrics {
  loss: number;
  /** Regression: R^2 and explained variance; classification: accuracy (and AUC for binary). */
  r2?: number;
  explainedVariance?: number;
  accuracy?: number;
  auc?: number;
  /**
   * The trivial predictor on the same rows: for regression the MSE of predicting the mean label
   * (its R² is 0), for classification the accuracy of always predicting the majority class.
   */
  baseline?: number;
  /** Classification: mean recall over the classes present (0.5 for a majority-class predictor). */
  balancedAccuracy?: number;
}

/** How the sparse MoE routes (the test split's mean): what the gating view draws. */
export interface Routing {
  /** Share of examples routed to each expert, per task, T x E (each row sums to k). */
  usage: number[][];
  /** The Switch load-balancing loss α · E · Σ_e f_e P_e (α under uniform routing). */
  balanceLoss: number;
}

export interface Snapshot {
  step: number;
  epoch: number;
  /** Per-task mean training loss over the steps since the previous snapshot. */
  trainLoss: number[];
  /** Per-task loss on the test split at this step (evaluated at a lower cadence). */
  testLoss: number[];
  /** The step `testLoss` was evaluated at (NaN before the first evaluation); charts draw it there. */
  testStep?: number;
  /** Per-task weights the method used on its last step (null for methods without weights). */
  methodWeights: number[] | null;
  /** The method's display state (MethodInstance.state, e.g. IGB's improvable gaps); absent = none. */
  methodState?: Record<string, number[]> | null;
  conflict: ConflictStats | null;
  /** Mean gate weight per task x expert on the test split (gated architectures). */
  gates: number[][] | null;
  /** MMoEEx's expert-diversity matrix on the test split (MMoE, CGC, PLE; diversity.ts). */
  diversity?: Diversity | null;
  /**
   * The same matrix at initialisation (from the first snapshot on): where MMoEEx and an MMoE with
   * the same seed both start, since exclusivity changes only the gates. Absent without experts.
   */
  diversityAtStart?: Diversity | null;
  /** Mean attention from each task token to each feature token on the test split, T x D (MultiTab-Net). */
  attention: number[][] | null;
  /** The sparse MoE's routing on the test split (absent or null for other architectures). */
  routing?: Routing | null;
  /**
   * Per task, the std of the network output across the training inputs at step 0 (how large the
   * random initial function is; compare with the labels' std). Absent in older snapshots.
   */
  initialSpread?: number[];
  /** The learning rate the trainer uses now (it changes with live settings); absent in older snapshots. */
  learningRate?: number;
  /** True once a NaN/Inf appeared in a loss or the parameters. */
  diverged: boolean;
  /** Where the first NaN/Inf was seen; null (or absent) while the run is finite. */
  divergence?: Divergence | null;
}

/** The first snapshot that saw NaN/Inf: which tasks' losses or own parameters, and the trunk. */
export interface Divergence {
  step: number;
  /** Tasks whose loss or task-specific parameters were not finite. */
  tasks: number[];
  /** The shared parameters (or the summed loss) were not finite. */
  sharedParameters: boolean;
}
