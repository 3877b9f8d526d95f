/**
 * `mixExperts(gates [N, B, E], experts [NX, E, B, H])` = Σ_e gates[n, b, e] · experts[n', e, b, :]
 * as [N, B, H], where n' = n when NX = N and 0 when NX = 1 (experts shared by every gate row, so
 * no tiled copy is needed). On webgpu one program forward and one per input gradient; elsewhere a
 * batched matMul. tfjs's batched matMul over N·B tiny 1×E products costs hundreds of milliseconds a
 * step on SwiftShader, these programs a few.
 */
import { tf } from '../../tf';
import { activeWebGPUBackend, FlatProgram, runProgram } from './webgpuBackend';
/** Consecutive outputs per invocation. */
const PER = 4;

interface MixDims {
  n: number;
  nx: number;
  e: number;
  b: number;
  h: number;
}

abstract class MixProgram extends FlatProgram {
  size = true;

  constructor(
    outputShape: number[],
    protected readonly d: MixDims,
    name: string,
  ) {
    const size = outputShape.reduce((a, b) => a * b, 1);
    const { n, nx, e, b, h } = d;
    super(outputShape, `mtlMix${name}_${n}_${nx}_${e}_${b}_${h}`, Math.ceil(size / PER));
  }

  /** WGSL body computing `result[i]` from flat index i. */
  protected abstract element(): string;

  override getUserCode(): string {
    return `
fn element(i : i32) -> f32 { ${this.element()} }
fn main(index : i32) {
  for (var j = 0; j < ${PER}; j = j + 1) {
    let i = index * ${PER} + j;
    if (i < uniforms.size) { result[i] = element(i); }
  }
}
`;
  }
}

/** Row of the experts tensor used by gate row n. */
const expertRow = (d: MixDims, n: string) => (d.nx === 1 ? '0' : n);

class MixForwardProgram extends MixProgram {
  variableNames = ['G', 'X'];

  constructor(d: MixDims) {
    super([d.n, d.b, d.h], d, 'Fwd');
  }

  protected element(): string {
    const { e, b, h } = this.d;
    return `
  let hh = i % ${h};
  let nb = i / ${h};
  let bb = nb % ${b};
  let nx = ${expertRow(this.d, `nb / ${b}`)};
  var acc = 0.0;
  for (var k = 0; k < ${e}; k = k + 1) {
    acc = acc + G[nb * ${e} + k] * X[((nx * ${e} + k) * ${b} + bb) * ${h} + hh];
  }
  return acc;`;
  }
}

class MixGradExpertsProgram extends MixProgram {
  variableNames = ['G', 'Dy'];

  constructor(d: MixDims) {
    super([d.nx, d.e, d.b, d.h], d, 'GradX');
  }

  protected element(): string {
    const { n, nx, e, b, h } = this.d;
    return `
  let hh = i % ${h};
  let bb = (i / ${h}) % ${b};
  let k = (i / ${h * b}) % ${e};
  let x = i / ${h * b * e};
  var acc = 0.0;
  for (var j = 0; j < ${n / nx}; j = j + 1) {
    let nb = (x + j * ${nx}) * ${b} + bb;
    acc = acc + G[nb * ${e} + k] * Dy[nb * ${h} + hh];
  }
  return acc;`;
  }
}

class MixGradGatesProgram extends MixProgram {
  variableNames = ['Dy', 'X'];

  constructor(d: MixDims) {
    super([d.n, d.b, d.e], d, 'GradG');
  }

  protected element(): string {
    const { e, b, h } = this.d;
    return `
  let k = i % ${e};
  let nb = i / ${e};
  let bb = nb % ${b};
  let nx = ${expertRow(this.d, `nb / ${b}`)};
  var acc = 0.0;
  let xBase = ((nx * ${e} + k) * ${b} + bb) * ${h};
  for (var hh = 0; hh < ${h}; hh = hh + 1) {
    acc = acc + Dy[nb * ${h} + hh] * X[xBase + hh];
  }
  return acc;`;
  }
}

function mixWithMatMul(gates: tf.Tensor, experts: tf.Tensor): tf.Tensor {
  const [N, B, E] = gates.shape;
  const [NX, , , H] = experts.shape;
  if (NX === 1 && N > 1) {
    // Per example b: gates [N, E] times experts [E, H], all N rows in one product.
    const g = tf.transpose(gates, [1, 0, 2]) as tf.Tensor3D; // [B, N, E]
    const x = tf.transpose(tf.reshape(experts, [E, B, H]), [1, 0, 2]) as tf.Tensor3D; // [B, E, H]
    return tf.transpose(tf.matMul(g, x), [1, 0, 2]);
  }
  const ex = tf.reshape(tf.transpose(experts, [0, 2, 1, 3]), [N * B, E, H]);
  const mixed = tf.matMul(tf.reshape(gates, [N * B, 1, E]), ex);
  return tf.reshape(mixed, [N, B, H]);
}

export function mixExperts(gates: tf.Tensor, experts: tf.Tensor): tf.Tensor {
  const [N, B, E] = gates.shape;
  const [NX, EX, BX, H] = experts.shape;
  if (gates.rank !== 3 || experts.rank !== 4 || EX !== E || BX !== B || (NX !== N && NX !== 1)) {
    throw new Error(`mixExperts: gates [${gates.shape}] do not fit experts [${experts.shape}]`);
  }
  const backend = activeWebGPUBackend();
  if (!backend) return mixWithMatMul(gates, experts);
  const d: MixDims = { n: N, nx: NX, e: E, b: B, h: H };
  const mix = tf.customGrad((...args) => {
    const [g, x] = args as tf.Tensor[];
    (args[2] as tf.GradSaveFunc)([g, x]);
    return {
      value: runProgram(backend, new MixForwardProgram(d), [g, x]),
      gradFunc: (dy, saved) => {
        const [gs, xs] = saved as tf.Tensor[];
        const dyT = dy as tf.Tensor;
        return [
          runProgram(backend, new MixGradGatesProgram(d), [dyT, xs]),
          runProgram(backend, new MixGradExpertsProgram(d), [gs, dyT]),
        ];
      },
    };
  });
  return mix(gates, experts);
}
