import { flatDispatch, type WebGPUProgram } from './webgpuBackend';
import type { WeightSource } from './taskWeights';

const WORKGROUP = 64;

/** d = wᵀJ: input J [T, P] (+ W [T] when the weights are a tensor); output d [P]. One dispatch. */
export class CombineGradientsProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms: string;
  private readonly weightFn: string;

  constructor(numParams: number, weights: WeightSource) {
    this.variableNames = weights.inputs.length > 0 ? ['J', weights.inputName] : ['J'];
    this.outputShape = [numParams];
    this.dispatch = flatDispatch(numParams, WORKGROUP);
    this.shaderKey = `mtlCombine_${weights.key}`;
    this.uniforms = weights.uniformsWgsl;
    this.weightFn = weights.fnWgsl;
  }

  getUserCode(): string {
    return `
${this.weightFn}

fn main(index : i32) {
  let T = uniforms.jShape.x;
  let P = uniforms.jShape.y;
  if (index < P) {
    var acc = 0.0;
    for (var t = 0; t < T; t = t + 1) {
      acc = acc + taskWeight(t) * J[t * P + index];
    }
    result[index] = acc;
  }
}
`;
  }
}
