/**
 * Dense layer programs without workgroup memory or barriers. The three matrix products (h·W,
 * dZ·Wᵀ, hᵀ·dZ) are register-tiled (tiledProduct.ts): one invocation per 8×8 output tile.
 * Shapes (all stacked over a leading N): h [N, rows, in], W [N, in, out], b [N, out], y [N, rows, out].
 * Activation 'relu' is applied in the forward program and its derivative (y > 0) is folded into
 * every backward program, so the backward never materialises dZ.
 */
import {
  productCode,
  productInvocations,
  productKey,
  type ProductCode,
  type ProductShape,
} from './tiledProduct';
import { FlatProgram } from './webgpuBackend';

export type DenseActivation = 'linear' | 'relu';

/**
 * Backward programs read the forward output Y only for relu (to mask dZ): an unused binding is a
 * validation error, so Y is an input only then, always last (callers pass it last).
 */
export function withY(names: string[], activation: DenseActivation): string[] {
  return activation === 'relu' ? [...names, 'Y'] : names;
}

/** Sizes of one stacked dense layer. */
export interface DenseDims {
  n: number;
  rows: number;
  inW: number;
  outW: number;
}

/** WGSL `fn dz(k : i32) -> f32` for dz = dy * activation'(y) at flat index k. */
export function dzCode(activation: DenseActivation): string {
  return activation === 'relu'
    ? 'fn dz(k : i32) -> f32 { return select(0.0, Dy[k], Y[k] > 0.0); }'
    : 'fn dz(k : i32) -> f32 { return Dy[k]; }';
}

/** WGSL that applies the activation to `var y` in place. */
export function activate(activation: DenseActivation): string {
  return activation === 'relu' ? 'y = max(y, 0.0);' : '';
}

/** The product shapes of a dense layer's forward, input gradient and kernel gradient. */
export function denseProducts(
  d: DenseDims,
): Record<'forward' | 'gradInput' | 'gradKernel', ProductShape> {
  return {
    forward: { n: d.n, p: d.rows, q: d.outW, k: d.inW },
    gradInput: { n: d.n, p: d.rows, q: d.inW, k: d.outW },
    gradKernel: { n: d.n, p: d.inW, q: d.outW, k: d.rows },
  };
}

/**
 * A program whose invocations each compute one tile of `shape` (plus `extra` invocations that
 * `extraCode`'s `fn mmExtra(index : i32)` handles, e.g. the bias part of a gradient).
 */
export abstract class TiledProgram extends FlatProgram {
  protected readonly tiles: number;

  constructor(
    outputShape: number[],
    protected readonly shape: ProductShape,
    protected readonly activation: DenseActivation,
    name: string,
    protected readonly extra = 0,
  ) {
    const tiles = productInvocations(shape);
    super(outputShape, `${name}_${activation}_${productKey(shape)}_${extra}`, tiles + extra);
    this.tiles = tiles;
  }

  protected abstract code(): ProductCode;

  protected extraCode(): string {
    return 'fn mmExtra(index : i32) {}';
  }

  override getUserCode(): string {
    const dz = this.variableNames.includes('Dy') ? dzCode(this.activation) : '';
    return `
${dz}
${productCode(this.shape, this.code())}
${this.extraCode()}
fn main(index : i32) {
  _ = uniforms.outShape; // tfjs always binds its uniforms; shapes here are baked in instead
  if (index < ${this.tiles}) {
    mmTile(index);
  } else if (index < ${this.tiles + this.extra}) {
    mmExtra(index - ${this.tiles});
  }
}
`;
  }
}

/** y = act(h W + b). Inputs H, W, B. */
export class DenseForwardProgram extends TiledProgram {
  variableNames = ['H', 'W', 'B'];

  constructor(
    private readonly d: DenseDims,
    activation: DenseActivation,
  ) {
    super([d.n, d.rows, d.outW], denseProducts(d).forward, activation, 'mtlDenseFwd');
  }

  protected code(): ProductCode {
    const { rows, inW, outW } = this.d;
    return {
      a: `return H[(n * ${rows} + p) * ${inW} + k];`,
      b: `return W[(n * ${inW} + k) * ${outW} + q];`,
      store: `var y = v + B[n * ${outW} + q]; ${activate(this.activation)}
  result[(n * ${rows} + p) * ${outW} + q] = y;`,
    };
  }
}

/** dh = dZ Wᵀ. Inputs Dy, W (, Y). */
export class DenseGradInputProgram extends TiledProgram {
  variableNames: string[];

  constructor(
    private readonly d: DenseDims,
    activation: DenseActivation,
  ) {
    super([d.n, d.rows, d.inW], denseProducts(d).gradInput, activation, 'mtlDenseGradIn');
    this.variableNames = withY(['Dy', 'W'], activation);
  }

  protected code(): ProductCode {
    const { rows, inW, outW } = this.d;
    return {
      a: `return dz((n * ${rows} + p) * ${outW} + k);`,
      b: `return W[(n * ${inW} + q) * ${outW} + k];`,
      store: `result[(n * ${rows} + p) * ${inW} + q] = v;`,
    };
  }
}

/** dW = hᵀ dZ. Inputs H, Dy (, Y). */
export class DenseGradKernelProgram extends TiledProgram {
  variableNames: string[];

  constructor(
    private readonly d: DenseDims,
    activation: DenseActivation,
  ) {
    super([d.n, d.inW, d.outW], denseProducts(d).gradKernel, activation, 'mtlDenseGradW');
    this.variableNames = withY(['H', 'Dy'], activation);
  }

  protected code(): ProductCode {
    const { rows, inW, outW } = this.d;
    return {
      a: `return H[(n * ${rows} + k) * ${inW} + p];`,
      b: `return dz((n * ${rows} + k) * ${outW} + q);`,
      store: `result[(n * ${inW} + p) * ${outW} + q] = v;`,
    };
  }
}

/** db = Σ_rows dZ. Inputs Dy (, Y). */
export class DenseGradBiasProgram extends FlatProgram {
  variableNames: string[];
  size = true;

  constructor(
    n: number,
    out: number,
    private readonly activation: DenseActivation,
  ) {
    super([n, out], `mtlDenseGradB_${activation}`);
    this.variableNames = withY(['Dy'], activation);
  }

  getUserCode(): string {
    return `
${dzCode(this.activation)}
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
