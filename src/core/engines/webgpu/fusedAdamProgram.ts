import { ADAM_UNIFORMS_WGSL, ADAM_UPDATE_WGSL } from './adamConfig';
import { flatDispatch, type WebGPUProgram } from './webgpuBackend';

const WORKGROUP = 64;

/**
 * Adam over one packed buffer in ONE dispatch. Inputs: State [3, n] (rows param, m, v) and
 * Grad [n]; output: the new State [3, n]. One thread per parameter.
 */
export class FusedAdamProgram implements WebGPUProgram {
  variableNames = ['State', 'Grad'];
  outputShape: number[];
  shaderKey = 'mtlFusedAdam';
  dispatchLayout = { x: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = ADAM_UNIFORMS_WGSL;

  constructor(numParams: number) {
    this.outputShape = [3, numParams];
    this.dispatch = flatDispatch(numParams, WORKGROUP);
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  let n = uniforms.numParams;
  if (index < n) {
    let p = State[index];
    let g = Grad[index];
    ${ADAM_UPDATE_WGSL}
  }
}
`;
  }
}
