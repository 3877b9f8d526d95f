import { FlatProgram } from './webgpuBackend';

/**
 * Copies one parameter out of the packed state's param row, optionally replicated `copies` times
 * along a new leading axis (the replicated-weights trick needs shared params as [T, ...shape]).
 * One dispatch: the same cost as the tf.tile the engine needs anyway, and it replaces the slice.
 * Offset and size are uniforms, so all views share one pipeline per output rank.
 */
export class ParamViewProgram extends FlatProgram {
  variableNames = ['State'];
  size = true;
  uniforms = 'offset : i32, segSize : i32,';

  constructor(outputShape: number[]) {
    super(outputShape, 'mtlParamView');
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    result[index] = State[uniforms.offset + index % uniforms.segSize];
  }
}
`;
  }
}
