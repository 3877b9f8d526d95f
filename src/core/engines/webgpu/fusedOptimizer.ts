/**
 * The engine's optimizer choice: on the webgpu backend the fused Adam of src/core/gpu (one packed
 * [3, n] state, one program per update, combine + Adam in one program for gradient methods);
 * elsewhere the plain AdamOptimizer. Both follow PyTorch's Adam, so results agree to float32
 * rounding (tested in optimizers.test.ts). The fused one also offers `packed` (PackedTraining):
 * the step then trains on the packed state itself and the variables are written back lazily.
 */
import { tf } from '../../tf';
import { FusedAdamOptimizer } from './fusedAdamOptimizer';
import type { PackedRef } from './packedDense';
import { activeWebGPUBackend } from './webgpuBackend';
import type { OptimizerArgs } from '../../train/api';
import {
  adamPreview,
  AdamOptimizer,
  type AdamMoments,
  type CombinedUpdate,
  type Optimizer,
  type PackedForward,
  type PackedTraining,
} from '../../train/optimizer';

/** FusedAdamOptimizer behind the engine's Optimizer interface, with the combined update. */
export class EngineFusedAdam implements Optimizer, PackedTraining {
  private readonly fused: FusedAdamOptimizer;
  private readonly names: string[];
  private readonly forwards = new Map<number, PackedForward>();
  private readonly slots: tf.Tensor2D[] = [];
  private readonly constants = new Map<string, tf.Tensor1D>();

  constructor(args: OptimizerArgs) {
    this.fused = new FusedAdamOptimizer(
      args.variables,
      { learningRate: args.learningRate },
      { roles: args.specs.map((s) => (s.shared ? 'shared' : 'task')), numTasks: args.tasks },
    );
    this.names = args.specs.map((s) => s.name);
  }

  get updates(): number {
    return this.fused.updates;
  }

  /** Packed training needs the custom programs, so only on the webgpu backend. */
  get packed(): PackedTraining | undefined {
    return activeWebGPUBackend() ? this : undefined;
  }

  apply(grads: tf.Tensor[]): void {
    this.fused.apply(grads);
  }

  setLearningRate(learningRate: number): void {
    this.fused.setLearningRate(learningRate);
  }

  applyCombined(update: CombinedUpdate): void {
    this.fused.applyCombined({
      J: update.J ?? undefined,
      weights: update.weights,
      headWeights: update.headWeights,
      rest: update.heads,
    });
  }

  forward(copies: number): PackedForward {
    const known = this.forwards.get(copies);
    if (known) return known;
    const { layout } = this.fused;
    const Ps = layout.sharedSize;
    const restSize = layout.size - Ps;
    const slots: tf.Tensor2D[] = [];
    // Called inside the step's tidy: keep what outlives it.
    const keep = (t: tf.Tensor2D) => {
      tf.keep(t);
      this.slots.push(t);
      slots.push(t);
      return slots.length - 1;
    };
    // Slots are never read by any program (only their shapes matter for the gradients).
    const sharedSlot = Ps > 0 ? keep(tf.zeros([copies, Ps])) : -1;
    const restSlot = restSize > 0 ? keep(tf.zeros([1, restSize])) : -1;
    const refs = new Map<string, PackedRef>();
    for (const seg of layout.segments) {
      const shared = seg.role === 'shared';
      refs.set(this.names[Number(seg.name)], {
        offset: seg.offset,
        shape: seg.shape,
        slot: shared ? sharedSlot : restSlot,
        slotOffset: shared ? seg.offset : seg.offset - Ps,
        copies: shared ? copies : 0,
      });
    }
    const made: PackedForward = {
      source: { state: this.fused.packedState, slots },
      refs,
      sharedSlot,
      restSlot,
    };
    this.forwards.set(copies, made);
    return made;
  }

  constant(values: ArrayLike<number>): tf.Tensor1D {
    const data = Float32Array.from(values);
    const key = Array.from(data).join(',');
    let t = this.constants.get(key);
    if (!t) {
      // A few distinct vectors are kept (e.g. all-ones for EW and the replicated backward).
      if (this.constants.size >= 4) {
        for (const old of this.constants.values()) old.dispose();
        this.constants.clear();
      }
      t = tf.keep(tf.tensor1d(data));
      this.constants.set(key, t);
    }
    return t;
  }

  applySlots(shared: tf.Tensor | null, rest: tf.Tensor | null): void {
    const grads = [shared, rest].filter((g): g is tf.Tensor => g !== null);
    this.fused.applyPacked(grads);
  }

  applyCombinedSlots(update: CombinedUpdate): void {
    this.fused.applyCombinedPacked({
      J: update.J ?? undefined,
      weights: update.weights,
      headWeights: update.headWeights,
      rest: update.heads,
    });
  }

  writeBack(): void {
    this.fused.writeBack();
  }

  exportMoments(): Promise<AdamMoments> {
    return this.fused.exportMoments();
  }

  importMoments(moments: AdamMoments): void {
    this.fused.importMoments(moments);
  }

  /** Shared parameters come first in the packed layout, in sharedIndex order: columns [0, Ps). */
  previewShared(J: tf.Tensor2D): tf.Tensor2D {
    const Ps = this.fused.layout.sharedSize;
    const state = this.fused.packedState;
    const c = this.fused.adamConfig;
    return adamPreview(
      J,
      tf.slice(state, [1, 0], [1, Ps]),
      tf.slice(state, [2, 0], [1, Ps]),
      this.fused.updates,
      {
        learningRate: c.learningRate,
        beta1: c.beta1 ?? 0.9,
        beta2: c.beta2 ?? 0.999,
        epsilon: c.epsilon ?? 1e-8,
      },
    );
  }

  reset(): void {
    this.fused.reset();
  }

  dispose(): void {
    this.fused.dispose();
    tf.dispose([...this.slots, ...this.constants.values()]);
    this.slots.length = 0;
    this.constants.clear();
    this.forwards.clear();
  }
}

export type OptimizerKind = 'adam' | 'fused-adam';

/** 'fused-adam' on webgpu, 'adam' elsewhere. */
export function defaultOptimizerKind(): OptimizerKind {
  return tf.getBackend() === 'webgpu' ? 'fused-adam' : 'adam';
}

export function createOptimizer(args: OptimizerArgs, kind = defaultOptimizerKind()): Optimizer {
  return kind === 'fused-adam'
    ? new EngineFusedAdam(args)
    : new AdamOptimizer(args.variables, { learningRate: args.learningRate });
}
