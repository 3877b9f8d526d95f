/**
 * Access to the active tfjs WebGPU backend for custom programs. Only type imports from
 * @tensorflow/tfjs-backend-webgpu: the host (worker, CLI, test helper) registers the backend, and
 * this module must also load where the backend package never runs (cpu/wasm/webgl).
 */
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../../tf';

export type { WebGPUBackend, WebGPUProgram };

/** One custom uniform field: a scalar or a vec2..vec4, in the order of the program's `uniforms`. */
export interface UniformField {
  type: 'float32' | 'int32' | 'uint32';
  data: number[];
}

/** The running WebGPU backend, or null when another backend is active (then use plain tf ops). */
export function activeWebGPUBackend(): WebGPUBackend | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return tf.backend() as unknown as WebGPUBackend;
}

/**
 * Runs a program and wraps its output as a tracked tf.Tensor (disposed by the enclosing tidy).
 * No gradient is recorded: these programs sit in the optimizer path, outside any tape.
 */
export function runProgram<R extends tf.Rank>(
  backend: WebGPUBackend,
  program: WebGPUProgram,
  inputs: tf.Tensor[],
  uniforms: UniformField[] = [],
): tf.Tensor<R> {
  const info = backend.runWebGPUProgram(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

/** Workgroup count along x for one thread per element; tfjs folds counts above 65535. */
export function flatDispatch(elements: number, workgroupSize: number): [number, number, number] {
  return [Math.max(1, Math.ceil(elements / workgroupSize)), 1, 1];
}

/**
 * A program over one flat range of invocations (tfjs calls the WGSL `main(index)` with the flat
 * index): by default one per output element, in workgroups of 64. Subclasses declare their inputs,
 * uniforms and WGSL.
 */
export abstract class FlatProgram implements WebGPUProgram {
  abstract variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];

  constructor(
    outputShape: number[],
    shaderKey: string,
    invocations = outputShape.reduce((a, b) => a * b, 1),
    workgroupSize = 64,
  ) {
    this.outputShape = outputShape;
    this.shaderKey = shaderKey;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.workgroupSize = [workgroupSize, 1, 1];
    this.dispatch = flatDispatch(invocations, workgroupSize);
  }

  abstract getUserCode(): string;
}
