/**
 * Dense programs that read the layer's kernel and bias straight from the fused optimizer's packed
 * state (row 0 of State [3, n]) at offsets given as uniforms, so no per-parameter tensor is ever
 * copied out of the state. Shapes (stacked over a leading N = C·m, C copies of m stacked layers):
 * h [N, rows, in], y [N, rows, out]; stack k reads parameter block k % m.
 * The parameter gradient program writes the whole gradient slot [C, S] (zeros outside this
 * layer's kernel and bias ranges): slot gradients of all layers add up to the packed gradient.
 */
import {
  activate,
  denseProducts,
  TiledProgram,
  withY,
  type DenseActivation,
  type DenseDims,
} from './denseProgram';
import type { ProductCode } from './tiledProduct';
import { FlatProgram } from './webgpuBackend';

/**
 * A packed layer: N = C·m stacks of `rows` rows; stack k reads parameter block k % m. With
 * `sharedInput` h has one stack per copy (N / m), read by all m stacks of that copy (a tower
 * stack reading one trunk output, experts reading one input), so it is never tiled.
 */
export interface PackedDims extends DenseDims {
  m: number;
  sharedInput: boolean;
}

/** WGSL index of the h stack that stack `n` reads. */
const hStack = (d: PackedDims, n = 'n') => (d.sharedInput ? `(${n} / ${d.m})` : n);
const key = (d: PackedDims) => `${d.m}${d.sharedInput ? 's' : ''}`;

const OFFSETS = 'wOff : i32, bOff : i32,';

/**
 * y = act(h W + b) with W, b read from State. Inputs H, State. The C copies of the replicated
 * trick exist only for the gradient: every copy reads the same parameters and an identical input,
 * so the program computes copy 0's m stacks and stores each tile into all C copies.
 */
export class PackedDenseForwardProgram extends TiledProgram {
  variableNames = ['H', 'State'];
  uniforms = OFFSETS;

  constructor(
    private readonly d: PackedDims,
    activation: DenseActivation,
  ) {
    super(
      [d.n, d.rows, d.outW],
      { ...denseProducts(d).forward, n: d.m },
      activation,
      `mtlPackedFwd${key(d)}_${d.n / d.m}`,
    );
  }

  protected code(): ProductCode {
    const { rows, inW, outW, m, n } = this.d;
    const copies = n / m;
    const h = this.d.sharedInput ? 'p' : `n * ${rows} + p`; // copy 0's input for stack n
    return {
      a: `return H[(${h}) * ${inW} + k];`,
      b: `return State[uniforms.wOff + (n * ${inW} + k) * ${outW} + q];`,
      store: `var y = v + State[uniforms.bOff + n * ${outW} + q]; ${activate(this.activation)}
  for (var c = 0; c < ${copies}; c = c + 1) {
    result[((c * ${m} + n) * ${rows} + p) * ${outW} + q] = y;
  }`,
    };
  }
}

/**
 * dh = dZ Wᵀ with W read from State. Inputs Dy, State (, Y). With a shared input, dh of copy c
 * sums over its m stacks: one product whose reduced axis runs over (stack, out) pairs.
 */
export class PackedDenseGradInputProgram extends TiledProgram {
  variableNames: string[];
  uniforms = OFFSETS;

  constructor(
    private readonly d: PackedDims,
    activation: DenseActivation,
  ) {
    const stacks = d.sharedInput ? d.n / d.m : d.n;
    const reduced = d.sharedInput ? d.m * d.outW : d.outW;
    super(
      [stacks, d.rows, d.inW],
      { n: stacks, p: d.rows, q: d.inW, k: reduced },
      activation,
      `mtlPackedGradIn${key(d)}`,
    );
    this.variableNames = withY(['Dy', 'State'], activation);
  }

  protected code(): ProductCode {
    const { rows, inW, outW, m, sharedInput } = this.d;
    if (!sharedInput) {
      return {
        a: `return dz((n * ${rows} + p) * ${outW} + k);`,
        b: `return State[uniforms.wOff + ((n % ${m}) * ${inW} + q) * ${outW} + k];`,
        store: `result[(n * ${rows} + p) * ${inW} + q] = v;`,
      };
    }
    // n is the copy here; k = s·out + o runs over the copy's stacks s and their outputs o.
    return {
      a: `return dz(((n * ${m} + k / ${outW}) * ${rows} + p) * ${outW} + k % ${outW});`,
      b: `return State[uniforms.wOff + ((k / ${outW}) * ${inW} + q) * ${outW} + k % ${outW}];`,
      store: `result[(n * ${rows} + p) * ${inW} + q] = v;`,
    };
  }
}

/** Slot entries each extra invocation of the parameter-gradient program writes. */
const CHUNK = 4;

/**
 * dW = hᵀ dZ and db = Σ_rows dZ written into a gradient slot [C, S] (N = C·m, stack k = c·m + s):
 * the kernel part is tiled products; every other entry of the slot (CHUNK per invocation) is
 * its bias sum or zero. wOff and bOff are slot-relative here. Inputs H, Dy (, Y).
 */
export class PackedDenseGradParamsProgram extends TiledProgram {
  variableNames: string[];
  uniforms = OFFSETS;

  constructor(
    slotShape: [number, number],
    private readonly d: PackedDims,
    activation: DenseActivation,
  ) {
    const [C, S] = slotShape;
    const others = C * (S - d.m * d.inW * d.outW);
    super(
      slotShape,
      denseProducts(d).gradKernel,
      activation,
      `mtlPackedGradP${key(d)}_${S}`,
      Math.ceil(others / CHUNK),
    );
    this.variableNames = withY(['H', 'Dy'], activation);
  }

  protected code(): ProductCode {
    const { rows, inW, outW, m } = this.d;
    const S = this.outputShape[1];
    return {
      a: `return H[(${hStack(this.d)} * ${rows} + k) * ${inW} + p];`,
      b: `return dz((n * ${rows} + k) * ${outW} + q);`,
      store: `result[(n / ${m}) * ${S} + uniforms.wOff + ((n % ${m}) * ${inW} + p) * ${outW} + q] = v;`,
    };
  }

  protected override extraCode(): string {
    const { rows, inW, outW, m } = this.d;
    const [C, S] = this.outputShape;
    const kernelSize = m * inW * outW;
    const others = S - kernelSize;
    return `
fn mmExtra(index : i32) {
  for (var e = 0; e < ${CHUNK}; e = e + 1) {
    let u = index * ${CHUNK} + e;
    if (u < ${C * others}) {
      let c = u / ${others};
      var j = u % ${others};
      if (j >= uniforms.wOff) { j = j + ${kernelSize}; }
      var acc = 0.0;
      let q = j - uniforms.bOff;
      if (q >= 0 && q < ${m * outW}) {
        let base = (c * ${m} + q / ${outW}) * ${rows};
        let o = q % ${outW};
        for (var r = 0; r < ${rows}; r = r + 1) {
          acc = acc + dz((base + r) * ${outW} + o);
        }
      }
      result[c * ${S} + j] = acc;
    }
  }
}
`;
  }
}

/** The gradient of a parameter view: dy [C, size] placed into a slot [C, S] at offset. Input Dy. */
export class SlotScatterProgram extends FlatProgram {
  variableNames = ['Dy'];
  size = true;
  uniforms = 'offset : i32, segSize : i32,';

  constructor(slotShape: [number, number]) {
    super(slotShape, 'mtlSlotScatter');
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
