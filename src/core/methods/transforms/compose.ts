/**
 * A loss transform stacked under a method, as the IGB trainer runs them: the method receives the
 * transformed per-task losses L_i = w_i·log ℓ_i. Their gradients are c_i·g_i with c_i = w_i/ℓ_i,
 * so the method's inputs are rescaled here (Gram c_i c_j G_ij, Jacobian rows c_i g_i, losses L_i)
 * and its answer is mapped back to the raw-loss gradients the engine holds: weights α_i on c_i g_i
 * become α_i c_i on g_i, head weights likewise, GradDrop's row masks m_i become m_i c_i, and an
 * explicit direction is already in parameter space. This works on every step path (plain, packed
 * WebGPU, representation) because they all talk to the method through `aggregate`.
 * The method's observe() gets the transformed losses of the step (w_i·log ℓ_i, with the weights
 * of that step).
 */
import { lossesOf } from '../common';
import type {
  MethodContext,
  MethodDefinition,
  MethodInput,
  MethodOptions,
  MethodResult,
} from '../types';
import { logLossStep, type LossTransformDefinition } from './types';

/** Gradient methods and EW accept a transform; other loss-weighting methods already reweight losses. */
export function acceptsTransform(method: MethodDefinition): boolean {
  return method.family === 'gradient' || method.id === 'ew';
}

export function pick(options: MethodOptions, keys: readonly string[]): MethodOptions {
  const out: MethodOptions = {};
  for (const key of keys) if (key in options) out[key] = options[key];
  return out;
}

/** The method's input with every task gradient scaled by c_i and the losses replaced. */
export function scaledInput(
  input: MethodInput,
  scale: Float64Array,
  losses: Float64Array,
): MethodInput {
  const T = scale.length;
  return {
    ...input,
    losses,
    gram: input.gram?.map((v, k) => v * scale[Math.floor(k / T)] * scale[k % T]),
    jacobian: input.jacobian?.map((row, i) => row.map((v) => v * scale[i])),
  };
}

/** The method's result on scaled gradients, expressed on the raw-loss gradients. */
export function unscaledResult(result: MethodResult, scale: Float64Array): MethodResult {
  return {
    ...result,
    weights: result.weights ? result.weights.map((w, i) => w * scale[i]) : null,
    headWeights: result.headWeights.map((w, i) => w * scale[i]),
    rowMasks: result.rowMasks?.map((mask, i) => mask.map((m) => m * scale[i])),
  };
}

export function composeMethod(
  method: MethodDefinition,
  transform: LossTransformDefinition,
): MethodDefinition {
  const methodKeys = method.options.map((o) => o.key);
  const transformKeys = transform.options.map((o) => o.key);
  return {
    ...method,
    label: `${transform.label} + ${method.label}`,
    needs: { ...method.needs, losses: true },
    options: [...method.options, ...transform.options],
    create(context: MethodContext) {
      const inner = method.create({ ...context, options: pick(context.options, methodKeys) });
      const loss = transform.create({ ...context, options: pick(context.options, transformKeys) });
      let lastWeights: Float64Array | null = null;
      return {
        aggregate(input) {
          const raw = lossesOf(input, context.tasks, `${transform.id} + ${method.id}`);
          const step = loss.apply(input.step, input.stepsPerEpoch, raw);
          lastWeights = step.weights;
          const result = inner.aggregate(scaledInput(input, step.scale, step.losses));
          return unscaledResult(result, step.scale);
        },
        observe: inner.observe
          ? (losses, after) => {
              const w = lastWeights ?? new Float64Array(losses.length).fill(1);
              const transformed = (l: Float64Array) => logLossStep(w, l).losses;
              inner.observe!(transformed(losses), after && transformed(after));
            }
          : undefined,
        state: () => ({ ...(inner.state?.() ?? {}), ...(loss.state?.() ?? {}) }),
      };
    },
  };
}
