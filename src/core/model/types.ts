/**
 * The shared interface of every architecture. An architecture lists its parameters and computes
 * per-task outputs from them; it owns no state, so the engine can replicate shared parameters to
 * get all per-task gradients from one batched backward pass.
 *
 * Each architecture is one folder under architectures/ and one line in registry.ts. Task-specific
 * parameters are stored stacked with a leading T axis; shared ones are read by every task (an
 * engine may replicate them to get per-task gradients from one backward: ops.ts).
 */
import type { ModelConfig } from '../config/schema';
import type { NetworkDrawing } from './drawingTypes';
import type { Ops } from './ops';

export interface ModelDims {
  features: number;
  tasks: number;
  /** Output units per task: 1 for regression and binary, C for multiclass. */
  outputs: number[];
}

/**
 * What a parameter is, for the one initialisation rule (init.ts): which kind of layer it belongs
 * to and which part of that layer it is. The scheme (config.model.init) decides the numbers.
 *   hidden     a ReLU layer of an MLP (trunk, experts, columns, towers)
 *   output     a task's output layer
 *   gate       a mixture-of-experts gate (softmax over experts)
 *   linear     a Linear layer of MultiTab-Net (the per-feature embedding, FFNs)
 *   attnIn     an attention input projection (query, key, value)
 *   attnOut    the attention output projection
 *   norm       layer-norm gain (part 'weight') and offset (part 'bias')
 *   token      a learned token table (MultiTab-Net's task tokens, an embedding)
 *   stitch     cross-stitch units: `self` on the diagonal, `(1 - self) / (T - 1)` elsewhere
 *   constant   every entry `value` under every scheme (DSMTL's gate logits start at 0)
 */
export type LayerKind = 'hidden' | 'output' | 'gate' | 'linear' | 'attnIn' | 'attnOut' | 'norm';

export type Init =
  | {
      layer: LayerKind;
      part: 'weight' | 'bias';
      /** Multiplies the scheme's draw (identical heads start with a small output layer). */
      scale?: number;
    }
  | { layer: 'token' }
  | { layer: 'stitch'; self: number }
  | { layer: 'constant'; value: number };

export interface ParamSpec {
  /** Stable, human-readable name such as `trunk/0/kernel` or `towers/1/bias`. */
  name: string;
  /** Shape as stored (task-specific params include the leading T axis). */
  shape: number[];
  shared: boolean;
  init: Init;
  /**
   * Fan-in / fan-out of the layer (for a bias, of its kernel). Defaults to the last two axes of
   * the shape; biases and kernels with stacking axes give it.
   */
  fan?: [number, number];
}

export interface ExpertGroup {
  /** The activation tap holding the group's last-layer outputs, [count, B, H]. */
  tap: string;
  count: number;
  /** Display label of expert e of the group. */
  label(e: number): string;
}

export interface ArchitectureDefinition {
  id: string;
  label: string;
  summary: string;
  citation: string;
  /**
   * The activation of each part (hidden: the MLPs of config.hidden, experts included), for the
   * model file's description (export/modelFile.ts).
   */
  activations: Record<string, string>;
  /** Which model-config fields this architecture reads (the UI shows only those). */
  uses: (keyof ModelConfig)[];
  /** What `config.hidden` sizes here, as the Model panel labels it (default: the columns). */
  hiddenLabel?: string;
  /**
   * The experts whose outputs the expert-diversity matrix compares (train/diversity.ts), in
   * matrix order: each group is an activation tap [E, B, H] of `count` experts. Absent: none.
   */
  expertGroups?(config: ModelConfig, dims: ModelDims): ExpertGroup[];
  params(config: ModelConfig, dims: ModelDims): ParamSpec[];
  /**
   * The outputs [T, B, K] (K = max(outputs); task t uses its first outputs[t] units) from the
   * input x [B, D], written once against `Ops` (ops.ts) and run by every engine. It marks the
   * towers' input with `ops.representation` (every architecture with towers does) and, where it
   * has them, its task gates (`ops.gates`) and attention (`ops.taskAttention`).
   */
  forward<V>(ops: Ops<V>, x: V, config: ModelConfig, dims: ModelDims): V;
  /**
   * MMoEEx (exclusivity.ts): which (task, candidate) cells of its task gates are open, or null
   * when nothing is closed or the architecture has no expert gates.
   */
  gateOpenCells?(config: ModelConfig, tasks: number): number[][] | null;
  /** What the network view draws (drawing.ts): pure data from the config and sizes. */
  drawing(config: ModelConfig, dims: ModelDims): NetworkDrawing;
}
