/**
 * Task weights w [T] for the combine programs, passed either as uniforms (host numbers: the
 * method runs in float64 JS, so no upload and no extra binding) or as a GPU tensor input 'W'
 * (weights computed on the GPU). Uniform fields hold 4 weights each (vec4<f32>).
 */
import { tf } from '../../tf';
import type { UniformField } from './webgpuBackend';

export type TaskWeights = readonly number[] | tf.Tensor1D;

/** Uniform fields are scalars or vecN only; 8 vec4 fields keep the uniform struct small. */
export const MAX_UNIFORM_TASKS = 32;

export function isHostWeights(w: TaskWeights): w is readonly number[] {
  return Array.isArray(w);
}

export function numWeights(w: TaskWeights): number {
  return isHostWeights(w) ? w.length : (w as tf.Tensor1D).size;
}

/** Names one weight vector gets in a program (a program may read two: shared and head weights). */
export interface WeightSlot {
  fn: string;
  field: string;
  input: string;
}

export const TASK_WEIGHTS: WeightSlot = { fn: 'taskWeight', field: 'taskW', input: 'W' };

export interface WeightSource {
  /** 'u<fields>' (uniforms) or 't' (tensor input), prefixed by the input name; part of the shaderKey. */
  key: string;
  /** The binding name when the weights are a tensor input. */
  inputName: string;
  /** Extra WGSL uniform members. */
  uniformsWgsl: string;
  uniformData: UniformField[];
  /** Input tensors to append after the program's other inputs (the 'W' binding, if any). */
  inputs: tf.Tensor[];
  /** WGSL `fn <slot.fn>(t : i32) -> f32`. */
  fnWgsl: string;
}

export function weightSource(w: TaskWeights, slot: WeightSlot = TASK_WEIGHTS): WeightSource {
  if (!isHostWeights(w)) {
    return {
      key: `${slot.input}t`,
      inputName: slot.input,
      uniformsWgsl: '',
      uniformData: [],
      inputs: [w],
      fnWgsl: `fn ${slot.fn}(t : i32) -> f32 { return ${slot.input}[t]; }`,
    };
  }
  if (w.length > MAX_UNIFORM_TASKS)
    throw new Error(`at most ${MAX_UNIFORM_TASKS} host task weights, got ${w.length}`);
  const fields = Math.ceil(w.length / 4);
  const uniformData: UniformField[] = [];
  const names: string[] = [];
  for (let f = 0; f < fields; f++) {
    const data = [0, 1, 2, 3].map((k) => w[4 * f + k] ?? 0);
    uniformData.push({ type: 'float32', data });
    names.push(`${slot.field}${f}`);
  }
  const branches = names
    .map((name, f) => `if (q == ${f}) { return uniforms.${name}[r]; }`)
    .join('\n  ');
  return {
    key: `${slot.input}u${fields}`,
    inputName: slot.input,
    uniformsWgsl: names.map((name) => `${name} : vec4<f32>,`).join(' '),
    uniformData,
    inputs: [],
    fnWgsl: `fn ${slot.fn}(t : i32) -> f32 {
  let q = t / 4;
  let r = t % 4;
  ${branches}
  return 0.0;
}`,
  };
}

/** Weights as a [T] tensor for the plain-tf fallbacks. */
export function weightTensor(w: TaskWeights): tf.Tensor1D {
  return isHostWeights(w) ? tf.tensor1d(w as number[], 'float32') : (w as tf.Tensor1D);
}
