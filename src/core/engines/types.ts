/**
 * The engine interface (the engine-interface issue, #17): an engine is one folder under
 * src/core/engines/<id>/ and one line in registry.ts. `available()` and `supports()` return null
 * when they say yes and a reason a person can read when they say no; `build()` returns a run that
 * the engine-neutral step (step.ts) and trainer drive through backward(mode) and update(...).
 * Today's tfjs path still lives in src/core/train (its WebGPU programs in engines/webgpu); the fused
 * wasm engine is the first engine of this shape.
 */
import type { AdamMoments } from '../train/optimizer';
import type { LabConfig, ModelConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import type { MethodNeeds, MethodResult } from '../methods/types';
import type { ArchitectureDefinition, ParamSpec } from '../model/types';
import type { WeightEntry } from '../train/weights';

/** weighted: Σ w_t ℓ_t; per-task: J and the heads' own gradients; representation: LibMTL's rep_grad. */
export type BackwardMode = 'weighted' | 'per-task' | 'representation';

/** What a method reads after the backward (losses come from `forward`). */
export interface BackwardStats {
  /** T x T Gram matrix of the task gradients (per-task and representation modes). */
  gram: Float64Array | null;
  /** Rows for 'jacobian' methods: J's rows, or GradDrop's signed rows in representation mode. */
  rows?: Float64Array[];
}

/** Rows of a batch: x [rows, D], labels and mask [rows, T] (mask 0: unlabelled or padding). */
export interface HostBatch {
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
}

export type PassName = 'train' | 'evaluation';

export interface EngineRun {
  readonly specs: ParamSpec[];
  /** Rows per batch of each pass. */
  rows(pass: PassName): number;
  load(pass: PassName, batch: HostBatch): void;
  /** Forward and loss on the loaded batch: per-task masked mean losses. */
  forward(pass: PassName): Float64Array;
  /** Backward on the last training forward. */
  backward(mode: BackwardMode, weights?: ArrayLike<number>, withRows?: boolean): BackwardStats;
  /** The method's result into an update (combination, clipping, head weights) and one optimizer step. */
  update(mode: BackwardMode, result: MethodResult, stats: BackwardStats): void;
  /** Probes of the last forward of a pass: outputs [T, rows, K] and mean gate weights [T, E]. */
  outputs(pass: PassName): Float32Array;
  gates(pass: PassName): number[][] | null;
  exportWeights(): WeightEntry[];
  /** Throws, changing nothing, when a name or shape does not match. */
  importWeights(weights: WeightEntry[]): void;
  resetOptimizer(): void;
  /** Adam's learning rate from the next update on (live settings); moments stay. */
  setLearningRate(learningRate: number): void;
  /** Adam's moments per parameter in spec order (to move a run between engines). */
  exportMoments(): AdamMoments;
  importMoments(moments: AdamMoments): void;
  /** Bytes of memory the run holds outside tfjs (for the memory checks), or 0. */
  memoryBytes(): number;
  /** CPU threads a step runs on, and why only one when that is so (engines that thread). */
  readonly threads?: { count: number; reason: string | null };
  dispose(): void;
}

export interface EngineBuildArgs {
  config: LabConfig;
  dataset: Dataset;
  batchSize: number;
  evalBatchSize: number;
}

export interface Engine {
  id: string;
  label: string;
  /** null when the engine can run here; otherwise why not. */
  available(): Promise<string | null>;
  /**
   * null when the engine runs this architecture with a method of these needs (and, when given,
   * these model options: an option may need an op the engine lacks); otherwise why not.
   */
  supports(
    architecture: ArchitectureDefinition,
    needs: MethodNeeds,
    model?: ModelConfig,
  ): string | null;
  build(args: EngineBuildArgs): Promise<EngineRun>;
}
