/**
 * Dense programs that read the layer's kernel and bias straight from the fused optimizer's packed
 * state (row 0 of State [3, n]) at offsets given as uniforms, so no per-parameter tensor is ever
 * copied out of the state. Shapes (stacked over a leading N = C·m, C copies of m stacked layers):
 * h [N, rows, in], y [N, rows, out]; stack k reads parameter block k % m.
 * The parameter gradient program writes the whole gradient slot [C, S] (zeros outside this
 * layer's kernel and bias ranges): slot gradients of all layers add up to the packed gradient.
 */
import type { DenseActivation } from './denseProgram';
import { withY } from './denseProgram';
import { flatDispatch, type WebGPUProgram } from './webgpuBackend';

const WORKGROUP = 64;

/** WGSL for dz = dy * activation'(y) at flat index k. */
function dz(activation: DenseActivation): string {
  return activation === 'relu'
    ? 'fn dz(k : i32) -> f32 { return select(0.0, Dy[k], Y[k] > 0.0); }'
    : 'fn dz(k : i32) -> f32 { return Dy[k]; }';
}

abstract class PackedBase implements WebGPUProgram {
  abstract variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;
  uniforms = 'wOff : i32, bOff : i32, m : i32,';

  constructor(
    outputShape: number[],
    protected readonly activation: DenseActivation,
    name: string,
  ) {
    this.outputShape = outputShape;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = flatDispatch(
      outputShape.reduce((a, b) => a * b, 1),
      WORKGROUP,
    );
    this.shaderKey = `mtlPacked${name}_${activation}`;
  }

  abstract getUserCode(): string;
}

/** y = act(h W + b) with W, b read from State. Inputs H, State. */
export class PackedDenseForwardProgram extends PackedBase {
  variableNames = ['H', 'State'];

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
    let outW = uniforms.outShape.z;
    let o = index % outW;
    let nr = index / outW;
    let k = (nr / rows) % uniforms.m;
    var acc = State[uniforms.bOff + k * outW + o];
    let hBase = nr * inW;
    let wBase = uniforms.wOff + k * inW * outW + o;
    for (var i = 0; i < inW; i = i + 1) {
      acc = acc + H[hBase + i] * State[wBase + i * outW];
    }
    ${act}
    result[index] = acc;
  }
}
`;
  }
}

/** dh = dZ Wᵀ with W read from State. Inputs Dy, State (, Y). */
export class PackedDenseGradInputProgram extends PackedBase {
  variableNames: string[];

  constructor(n: number, rows: number, inW: number, activation: DenseActivation) {
    super([n, rows, inW], activation, 'GradIn');
    this.variableNames = withY(['Dy', 'State'], activation);
  }

  getUserCode(): string {
    return `
${dz(this.activation)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let inW = uniforms.outShape.z;
    let rows = uniforms.dyShape.y;
    let outW = uniforms.dyShape.z;
    let i = index % inW;
    let nr = index / inW;
    let k = (nr / rows) % uniforms.m;
    var acc = 0.0;
    let dBase = nr * outW;
    let wBase = uniforms.wOff + k * inW * outW + i * outW;
    for (var o = 0; o < outW; o = o + 1) {
      acc = acc + dz(dBase + o) * State[wBase + o];
    }
    result[index] = acc;
  }
}
`;
  }
}

/**
 * dW = hᵀ dZ and db = Σ_rows dZ written into a gradient slot [C, S]: element (c, j) is kernel or
 * bias entry j - offset of copy c (stack k = c·m + s), zero outside both ranges. wOff and bOff are
 * slot-relative here. Inputs H, Dy (, Y).
 */
export class PackedDenseGradParamsProgram extends PackedBase {
  variableNames: string[];

  constructor(slotShape: [number, number], activation: DenseActivation) {
    super(slotShape, activation, 'GradP');
    this.variableNames = withY(['H', 'Dy'], activation);
  }

  getUserCode(): string {
    return `
${dz(this.activation)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let S = uniforms.outShape.y;
    let c = index / S;
    let j = index % S;
    let rows = uniforms.dyShape.y;
    let inW = uniforms.hShape.z;
    let outW = uniforms.dyShape.z;
    let m = uniforms.m;
    let kSize = inW * outW;
    var acc = 0.0;
    if (j >= uniforms.wOff && j < uniforms.wOff + m * kSize) {
      let q = j - uniforms.wOff;
      let k = c * m + q / kSize;
      let i = (q % kSize) / outW;
      let o = q % outW;
      for (var r = 0; r < rows; r = r + 1) {
        let row = k * rows + r;
        acc = acc + H[row * inW + i] * dz(row * outW + o);
      }
    } else if (j >= uniforms.bOff && j < uniforms.bOff + m * outW) {
      let q = j - uniforms.bOff;
      let k = c * m + q / outW;
      let o = q % outW;
      for (var r = 0; r < rows; r = r + 1) {
        acc = acc + dz((k * rows + r) * outW + o);
      }
    }
    result[index] = acc;
  }
}
`;
  }
}

/** The gradient of a parameter view: dy [C, size] placed into a slot [C, S] at offset. Input Dy. */
export class SlotScatterProgram implements WebGPUProgram {
  variableNames = ['Dy'];
  outputShape: number[];
  shaderKey = 'mtlSlotScatter';
  dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;
  uniforms = 'offset : i32, segSize : i32,';

  constructor(slotShape: [number, number]) {
    this.outputShape = slotShape;
    this.dispatch = flatDispatch(slotShape[0] * slotShape[1], WORKGROUP);
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let S = uniforms.outShape.y;
    let c = index / S;
    let j = index % S - uniforms.offset;
    var v = 0.0;
    if (j >= 0 && j < uniforms.segSize) {
      v = Dy[c * uniforms.segSize + j];
    }
    result[index] = v;
  }
}
`;
  }
}
