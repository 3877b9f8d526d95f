/**
 * The engine's optimizer choice: on the webgpu backend the fused Adam of src/core/gpu (one packed
 * [3, n] state, one program per update, combine + Adam in one program for gradient methods);
 * elsewhere the plain AdamOptimizer. Both follow PyTorch's Adam, so results agree to float32
 * rounding (tested in optimizers.test.ts).
 */
import { tf } from '../tf';
import { FusedAdamOptimizer } from '../gpu/fusedAdamOptimizer';
import type { OptimizerArgs } from './api';
import { AdamOptimizer, type CombinedUpdate, type Optimizer } from './optimizer';

/** FusedAdamOptimizer behind the engine's Optimizer interface, with the combined update. */
export class EngineFusedAdam implements Optimizer {
  private readonly fused: FusedAdamOptimizer;

  constructor(args: OptimizerArgs) {
    this.fused = new FusedAdamOptimizer(
      args.variables,
      { learningRate: args.learningRate },
      { roles: args.specs.map((s) => (s.shared ? 'shared' : 'task')), numTasks: args.tasks },
    );
  }

  get updates(): number {
    return this.fused.updates;
  }

  apply(grads: tf.Tensor[]): void {
    this.fused.apply(grads);
  }

  applyCombined(update: CombinedUpdate): void {
    this.fused.applyCombined({
      J: update.J ?? undefined,
      weights: update.weights,
      headWeights: update.headWeights,
      rest: update.heads,
    });
  }

  reset(): void {
    this.fused.reset();
  }

  dispose(): void {
    this.fused.dispose();
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
