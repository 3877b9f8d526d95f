/**
 * Auxiliary training losses an architecture adds to its task losses (today the sparse MoE's
 * load balancing, Ops.loadBalance), and the per-step seed of its gate noise (Ops.gateNoise).
 * Every training step adds each task's share to that task's loss, so every balancing method
 * weighs the share with its task; evaluation and the reported test losses leave it out.
 */
import { tf } from '../tf';
import type { ForwardResult } from '../engines/tfjs/forward';

/** losses [T] plus the forward's auxiliary shares [T], when the architecture reported any. */
export function withAuxLoss(losses: tf.Tensor1D, out: ForwardResult): tf.Tensor1D {
  return out.auxLoss ? tf.add(losses, out.auxLoss) : losses;
}

/** The gate-noise seed of training step `step` of a run with weight seed `weightSeed`. */
export function stepNoiseSeed(weightSeed: number, step: number): number {
  return (Math.imul(weightSeed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0;
}
