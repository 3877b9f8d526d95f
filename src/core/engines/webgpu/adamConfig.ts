/** Adam hyper-parameters shared by the fused programs and their plain-tf fallbacks. */
import type { UniformField } from './webgpuBackend';

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled (AdamW) weight decay; 0 gives plain Adam, identical to tf.train.adam. */
  weightDecay?: number;
}

/** Everything one Adam update needs, with the bias corrections of step `step` (1-based). */
export interface AdamStepScalars {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  biasCorrection1: number;
  biasCorrection2: number;
}

export function adamStepScalars(config: AdamConfig, step: number): AdamStepScalars {
  if (!Number.isInteger(step) || step < 1)
    throw new Error(`Adam step must be an integer >= 1, got ${step}`);
  const beta1 = config.beta1 ?? 0.9;
  const beta2 = config.beta2 ?? 0.999;
  return {
    lr: config.learningRate,
    beta1,
    beta2,
    epsilon: config.epsilon ?? 1e-8,
    weightDecay: config.weightDecay ?? 0,
    // Computed in float64 on the host: no accumulated-power tensors on the GPU (tf.train.adam keeps two).
    biasCorrection1: 1 - Math.pow(beta1, step),
    biasCorrection2: 1 - Math.pow(beta2, step),
  };
}

/** WGSL struct members; must list the same fields, in the same order, as `adamUniforms`. */
export const ADAM_UNIFORMS_WGSL =
  'lr : f32, beta1 : f32, beta2 : f32, epsilon : f32, weightDecay : f32, biasCorrection1 : f32, biasCorrection2 : f32, numParams : i32,';

export function adamUniforms(s: AdamStepScalars, numParams: number): UniformField[] {
  const f = (x: number): UniformField => ({ type: 'float32', data: [x] });
  return [
    f(s.lr),
    f(s.beta1),
    f(s.beta2),
    f(s.epsilon),
    f(s.weightDecay),
    f(s.biasCorrection1),
    f(s.biasCorrection2),
    { type: 'int32', data: [numParams] },
  ];
}

/**
 * WGSL body of one Adam element update; expects `p`, `g`, `n`, `index` in scope and State as
 * the packed [3, n] input (rows: param, m, v). Writes the three rows of `result`.
 */
export const ADAM_UPDATE_WGSL = `
    let m = uniforms.beta1 * State[n + index] + (1.0 - uniforms.beta1) * g;
    let v = uniforms.beta2 * State[2 * n + index] + (1.0 - uniforms.beta2) * g * g;
    let mHat = m / uniforms.biasCorrection1;
    let vHat = v / uniforms.biasCorrection2;
    let step = mHat / (sqrt(vHat) + uniforms.epsilon) + uniforms.weightDecay * p;
    result[index] = p - uniforms.lr * step;
    result[n + index] = m;
    result[2 * n + index] = v;
`;
