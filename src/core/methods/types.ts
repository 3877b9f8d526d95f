/**
 * The shared interface of every task-balancing method. Methods are plain TypeScript over float64
 * arrays: the engine hands them what they declare in `needs` (losses, the T x T Gram matrix of the
 * task gradients on the shared parameters, or the full T x P Jacobian) and applies the result.
 *
 * Conventions follow LibMTL: the shared parameters receive d = sum_i weights[i] * g_i (or an
 * explicit `direction`), each task head receives headWeights[i] times its own task's gradient.
 */
import type { OptionValue, TaskKind } from '../config/schema';

export interface OptionSpec {
  key: string;
  label: string;
  /** Shown as a tooltip / help text next to the control. */
  help: string;
  default: OptionValue;
  kind: 'number' | 'integer' | 'select' | 'boolean';
  min?: number;
  max?: number;
  step?: number;
  choices?: string[];
}

export type MethodOptions = Record<string, OptionValue>;

export interface MethodNeeds {
  /** Current-step per-task losses before the update is computed. */
  losses: boolean;
  /** Per-task gradients on the shared parameters: none, their Gram matrix, or every coordinate. */
  grads: 'none' | 'gram' | 'jacobian';
  /** Losses on the same batch after the update (FAMO). */
  lossesAfter?: boolean;
  /**
   * Which task gradients the Gram/Jacobian is built from: the shared parameters (default), or the
   * shared representation z (LibMTL's rep_grad / "R mode": MGDA-UB, Aligned-MTL-UB, GradDrop).
   * In R mode the Gram is that of r flattened to [T, B·H]; 'jacobian' rows are the sign-corrected
   * batch sums Σ_b r_i[b] ⊙ sign(z_i[b]) (length H). See src/core/train/representation.ts.
   */
  gradSource?: 'shared' | 'representation';
  /**
   * A training procedure wrapped around the method (methods/procedures): its own step on the plain
   * tfjs path (train/samStep.ts, train/fomamlStep.ts); engines that cannot run it say so.
   */
  procedure?: 'sam' | 'fomaml';
}

export interface MethodInput {
  /** 0-based training step. */
  step: number;
  /** Steps per epoch, for methods defined per epoch (DWA, STCH, GradNorm warm-up). */
  stepsPerEpoch: number;
  /** Per-task mini-batch losses (mean over the batch); present when needs.losses or grads. */
  losses?: Float64Array;
  /** Row-major T x T Gram matrix G = J J^T; present when needs.grads !== 'none'. */
  gram?: Float64Array;
  /** Rows g_i of the T x P Jacobian; present when needs.grads === 'jacobian'. */
  jacobian?: Float64Array[];
}

export interface MethodResult {
  /** Weights on the task gradients of the shared parameters, or null when `direction` is given. */
  weights: Float64Array | null;
  /** Explicit update direction for the shared parameters (non-weighted methods such as GradDrop). */
  direction?: Float64Array;
  /**
   * With `direction`: per-task, per-coordinate multipliers m_i of the rows (direction = Σ_i m_i ⊙
   * row_i). GradDrop returns its masks here so the engine's representation mode can apply them to
   * the per-sample representation gradients (broadcast over the batch), as LibMTL does.
   */
  rowMasks?: Float64Array[];
  /** Multiplier on each head's own-task gradient (1 for gradient-surgery methods, as in LibMTL). */
  headWeights: Float64Array;
  /** Clip the shared-parameter update to this L2 norm (Nash-MTL's max_norm). */
  clipNorm?: number;
  /**
   * FULLER's intra calibration (R mode only): the engine rescales each feature-group encoder's
   * gradient to the mean group norm (train/groupCalibration.ts) and reports the norms through
   * `observeGroups` with the next step's download.
   */
  calibrateGroups?: boolean;
}

export interface MethodInstance {
  aggregate(input: MethodInput): MethodResult;
  /** Per-step losses after the step (and, for FAMO, after the update on the same batch). */
  observe?(losses: Float64Array, lossesAfter?: Float64Array): void;
  /** Per feature group, the encoder gradient norms before and after intra calibration. */
  observeGroups?(before: Float64Array, after: Float64Array): void;
  /** Method state for display (e.g. UW's log-variances); small and JSON-safe. */
  state?(): Record<string, number[]>;
  /** Present when a training procedure wraps the method (needs.procedure); its step reads it. */
  procedure?: ProcedureHooks;
}

/** What a procedure's step needs beyond the wrapped method (methods/procedures/wrap.ts). */
export interface ProcedureHooks {
  /** The procedure's own options (ρ, inner learning rate, ...), resolved over their defaults. */
  options: MethodOptions;
  /** SAM: a second instance of the wrapped method, for the flatness gradients (its own state). */
  flatness?: MethodInstance;
  /** FOMAML: the loss weights λ of this step from the inner-split losses (LBTW, or ones). */
  lossWeights?(step: number, stepsPerEpoch: number, losses: Float64Array): Float64Array;
  /** The step's display values (gradient norms, λ, ...), shown through the instance's state(). */
  report(values: Record<string, number[]>): void;
}

export interface MethodContext {
  tasks: number;
  options: MethodOptions;
  /** Learning rate of the model's optimizer, for learned weights trained alongside (UW, IMTL-L). */
  learningRate: number;
  /** Seeded uniform [0, 1) generator for stochastic methods (RLW, PCGrad order, GradDrop). */
  random: () => number;
  /** Each task's kind, for methods whose formula depends on it (UW's paper form); absent = regression. */
  taskKinds?: readonly TaskKind[];
}

export interface MethodDefinition {
  id: string;
  label: string;
  /** One paragraph a student can read. */
  summary: string;
  citation: string;
  /** 'loss': weights only the losses; 'gradient': manipulates the task gradients. */
  family: 'loss' | 'gradient';
  needs: MethodNeeds;
  options: OptionSpec[];
  create(context: MethodContext): MethodInstance;
}
