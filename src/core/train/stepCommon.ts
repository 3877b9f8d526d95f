/** Pieces shared by the plain (step.ts) and the packed (packedStep.ts) training steps. */
import { tf } from '../tf';
import type { MethodResult } from '../methods/types';
import type { CombinedUpdate } from './optimizer';
import type { StepContext } from './step';

export interface StepOutcome {
  /** Weights the method put on the tasks (null when it gave a direction instead). */
  weights: number[] | null;
  /** Gram matrix read back this step (gradient methods), row-major T x T. */
  gram: Float64Array | null;
  /** A kept device Gram matrix [T, T] when a conflict probe was requested (caller disposes). */
  probe: tf.Tensor2D | null;
}

/** Feed the method the step's losses (known, or read from `pending`) and, if asked, the losses after. */
export async function observe(
  ctx: StepContext,
  known: Float64Array | undefined,
  pending: tf.Tensor1D | null,
  lossesAfter: () => Promise<Float64Array>,
): Promise<void> {
  if (!ctx.method.observe) return;
  let losses = known;
  if (pending) {
    losses = Float64Array.from(await pending.data());
    pending.dispose();
  }
  const after = ctx.needs.lossesAfter ? await lossesAfter() : undefined;
  if (losses) ctx.method.observe(losses, after);
}

/**
 * The same update for a fused optimizer: host weights (clipping folded into them, so nothing is
 * computed on the device before the optimizer's one program), or the method's direction as J [1, P].
 */
export function combinedUpdate(
  result: MethodResult,
  gram: Float64Array,
  T: number,
  J: tf.Tensor2D | null,
  heads: tf.Tensor[],
): CombinedUpdate {
  const headWeights = Array.from(result.headWeights);
  if (J && result.direction) {
    const d = result.direction;
    const norm = Math.sqrt(d.reduce((a, v) => a + v * v, 0));
    const scale = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
    return {
      J: tf.tensor2d(Float32Array.from(d), [1, d.length]),
      weights: [scale],
      headWeights,
      heads,
    };
  }
  const w = Array.from(result.weights ?? new Float64Array(T).fill(1));
  let sq = 0;
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) sq += w[i] * w[j] * gram[i * T + j];
  const norm = Math.sqrt(Math.max(0, sq));
  const scale = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
  return { J, weights: w.map((v) => v * scale), headWeights, heads };
}
