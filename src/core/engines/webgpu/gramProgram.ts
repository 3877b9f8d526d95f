import type { WebGPUProgram } from './webgpuBackend';

const WORKGROUP = 128;

/**
 * Gram matrix and cosine similarities of the task gradients in ONE dispatch.
 * Input J [T, P]; output [2, T, T]: [0] = J Jᵀ, [1] = cosines (0 where a norm is 0); with
 * `cosines` false only [T, T] = J Jᵀ.
 * One workgroup per task pair i <= j; each reads rows i and j once and reduces
 * Σ a·b, Σ a², Σ b² together, so the norms come free with the dot product.
 */
export class GramStatsProgram implements WebGPUProgram {
  variableNames = ['J'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [] as number[], y: [0, 1, 2] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(
    numTasks: number,
    private readonly cosines = true,
  ) {
    this.outputShape = cosines ? [2, numTasks, numTasks] : [numTasks, numTasks];
    this.shaderKey = `mtlGramStats_${WORKGROUP}_${cosines}`;
    this.dispatch = [(numTasks * (numTasks + 1)) / 2, 1, 1];
  }

  getUserCode(): string {
    return `
var<workgroup> partIJ : array<f32, ${WORKGROUP}>;
var<workgroup> partII : array<f32, ${WORKGROUP}>;
var<workgroup> partJJ : array<f32, ${WORKGROUP}>;

fn main() {
  let T = uniforms.jShape.x;
  let P = uniforms.jShape.y;
  // Workgroup k -> pair (i, j), i <= j, row-major over the upper triangle.
  var k = i32(workgroupId.x);
  var i = 0;
  var rowLen = T;
  loop {
    if (k < rowLen || rowLen <= 0) { break; }
    k = k - rowLen;
    i = i + 1;
    rowLen = rowLen - 1;
  }
  let j = i + k;
  let lid = i32(localId.x);
  var sij = 0.0;
  var sii = 0.0;
  var sjj = 0.0;
  for (var c = lid; c < P; c = c + ${WORKGROUP}) {
    let a = J[i * P + c];
    let b = J[j * P + c];
    sij = sij + a * b;
    sii = sii + a * a;
    sjj = sjj + b * b;
  }
  partIJ[lid] = sij;
  partII[lid] = sii;
  partJJ[lid] = sjj;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}; s > 0; s = s >> 1u) {
    if (lid < s) {
      partIJ[lid] = partIJ[lid] + partIJ[lid + s];
      partII[lid] = partII[lid] + partII[lid + s];
      partJJ[lid] = partJJ[lid] + partJJ[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0) {
    let g = partIJ[0];
    result[i * T + j] = g;
    result[j * T + i] = g;${
      this.cosines
        ? `
    let denom = sqrt(partII[0]) * sqrt(partJJ[0]);
    let cosine = select(0.0, g / denom, denom > 0.0);
    result[T * T + i * T + j] = cosine;
    result[T * T + j * T + i] = cosine;`
        : ''
    }
  }
}
`;
  }
}
