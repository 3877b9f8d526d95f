import type { WeightSource } from './taskWeights';
import { FlatProgram } from './webgpuBackend';

/** d = wᵀJ: input J [T, P] (+ W [T] when the weights are a tensor); output d [P]. One dispatch. */
export class CombineGradientsProgram extends FlatProgram {
  variableNames: string[];
  uniforms: string;
  private readonly weightFn: string;

  constructor(numParams: number, weights: WeightSource) {
    super([numParams], `mtlCombine_${weights.key}`);
    this.variableNames = weights.inputs.length > 0 ? ['J', weights.inputName] : ['J'];
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
