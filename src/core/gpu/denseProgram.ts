/**
 * Dense layer programs without workgroup memory or barriers: one thread per output element,
 * looping over the reduced axis. For the lab's small layers (widths <= a few hundred) this is as
 * fast as tiled matmuls on GPUs and far faster on SwiftShader, where barriers are expensive.
 * Shapes (all stacked over a leading N): h [N, rows, in], W [N, in, out], b [N, out], y [N, rows, out].
 * Activation 'relu' is applied in the forward program and its derivative (y > 0) is folded into
 * every backward program, so the backward never materialises dZ.
 */
import type { WebGPUProgram } from './webgpuBackend';
import { flatDispatch } from './webgpuBackend';

export type DenseActivation = 'linear' | 'relu';

const WORKGROUP = 64;

/**
 * Backward programs read the forward output Y only for relu (to mask dZ): an unused binding is a
 * validation error, so Y is an input only then, always last (callers pass it last).
 */
export function withY(names: string[], activation: DenseActivation): string[] {
  return activation === 'relu' ? [...names, 'Y'] : names;
}

/** WGSL for dz = dy * activation'(y) at flat index k. */
function dz(activation: DenseActivation): string {
  return activation === 'relu'
    ? 'fn dz(k : i32) -> f32 { return select(0.0, Dy[k], Y[k] > 0.0); }'
    : 'fn dz(k : i32) -> f32 { return Dy[k]; }';
}

abstract class DenseBase implements WebGPUProgram {
  abstract variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0, 1, 2] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;

  constructor(
    outputShape: number[],
    protected readonly activation: DenseActivation,
    name: string,
  ) {
    this.outputShape = outputShape;
    this.dispatch = flatDispatch(
      outputShape.reduce((a, b) => a * b, 1),
      WORKGROUP,
    );
    this.shaderKey = `mtlDense${name}_${activation}`;
  }

  abstract getUserCode(): string;
}

/** y = act(h W + b). Inputs H, W, B. */
export class DenseForwardProgram extends DenseBase {
  variableNames = ['H', 'W', 'B'];

  constructor(n: number, rows: number, out: number, activation: DenseActivation) {
    super([n, rows, out], activation, 'Fwd');
  }

  getUserCode(): string {
    const act = this.activation === 'relu' ? 'acc = max(acc, 0.0);' : '';
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let rows = uniforms.hShape.y;
    let inW = uniforms.hShape.z;
    let outW = uniforms.wShape.z;
    let o = index % outW;
    let nr = index / outW;
    let n = nr / rows;
    var acc = B[n * outW + o];
    let hBase = nr * inW;
    let wBase = n * inW * outW + o;
    for (var i = 0; i < inW; i = i + 1) {
      acc = acc + H[hBase + i] * W[wBase + i * outW];
    }
    ${act}
    result[index] = acc;
  }
}
`;
  }
}

/** dh = dZ Wᵀ. Inputs Dy, W (, Y). */
export class DenseGradInputProgram extends DenseBase {
  variableNames: string[];

  constructor(n: number, rows: number, inW: number, activation: DenseActivation) {
    super([n, rows, inW], activation, 'GradIn');
    this.variableNames = withY(['Dy', 'W'], activation);
  }

  getUserCode(): string {
    return `
${dz(this.activation)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let inW = uniforms.wShape.y;
    let outW = uniforms.wShape.z;
    let rows = uniforms.dyShape.y;
    let i = index % inW;
    let nr = index / inW;
    let n = nr / rows;
    var acc = 0.0;
    let dBase = nr * outW;
    let wBase = n * inW * outW + i * outW;
    for (var o = 0; o < outW; o = o + 1) {
      acc = acc + dz(dBase + o) * W[wBase + o];
    }
    result[index] = acc;
  }
}
`;
  }
}

/** dW = hᵀ dZ. Inputs H, Dy (, Y). */
export class DenseGradKernelProgram extends DenseBase {
  variableNames: string[];

  constructor(n: number, inW: number, out: number, activation: DenseActivation) {
    super([n, inW, out], activation, 'GradW');
    this.variableNames = withY(['H', 'Dy'], activation);
  }

  getUserCode(): string {
    return `
${dz(this.activation)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let rows = uniforms.hShape.y;
    let inW = uniforms.hShape.z;
    let outW = uniforms.dyShape.z;
    let o = index % outW;
    let ni = index / outW;
    let i = ni % inW;
    let n = ni / inW;
    var acc = 0.0;
    for (var r = 0; r < rows; r = r + 1) {
      let row = n * rows + r;
      acc = acc + H[row * inW + i] * dz(row * outW + o);
    }
    result[index] = acc;
  }
}
`;
  }
}

/** db = Σ_rows dZ. Inputs Dy (, Y). */
export class DenseGradBiasProgram extends DenseBase {
  variableNames: string[];

  constructor(n: number, out: number, activation: DenseActivation) {
    super([n, out], activation, 'GradB');
    this.variableNames = withY(['Dy'], activation);
    this.dispatchLayout = { x: [0, 1] };
  }

  getUserCode(): string {
    return `
${dz(this.activation)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let rows = uniforms.dyShape.y;
    let outW = uniforms.dyShape.z;
    let o = index % outW;
    let n = index / outW;
    var acc = 0.0;
    for (var r = 0; r < rows; r = r + 1) {
      acc = acc + dz((n * rows + r) * outW + o);
    }
    result[index] = acc;
  }
}
`;
  }
}
