/**
 * `softmax(x)` over the last axis. On webgpu one program forward (one invocation per row) and one
 * backward, dx = s ⊙ (dy − Σ dy ⊙ s); tf.softmax elsewhere. The rows here are short (gates over
 * a few experts, attention over a few tokens), where tfjs's workgroup-reduction softmax and its
 * four-op gradient cost tens of milliseconds a step on SwiftShader.
 */
import { tf } from '../../tf';
import { activeWebGPUBackend, FlatProgram, runProgram } from './webgpuBackend';

class RowProgram extends FlatProgram {
  private readonly rows: number;
  private readonly width: number;

  constructor(
    shape: number[],
    readonly variableNames: string[],
    private readonly body: string,
    name: string,
  ) {
    const width = shape[shape.length - 1] ?? 1;
    const rows = shape.reduce((a, b) => a * b, 1) / width;
    super(shape, `mtlSoftmax${name}_${rows}_${width}`, rows);
    this.rows = rows;
    this.width = width;
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  _ = uniforms.outShape; // tfjs always binds its uniforms
  if (index < ${this.rows}) {
    let base = index * ${this.width};
    ${this.body.replaceAll('WIDTH', String(this.width))}
  }
}
`;
  }
}

const FORWARD = `
    var top = X[base];
    for (var j = 1; j < WIDTH; j = j + 1) { top = max(top, X[base + j]); }
    var total = 0.0;
    for (var j = 0; j < WIDTH; j = j + 1) { total = total + exp(X[base + j] - top); }
    for (var j = 0; j < WIDTH; j = j + 1) { result[base + j] = exp(X[base + j] - top) / total; }`;

const BACKWARD = `
    var dot = 0.0;
    for (var j = 0; j < WIDTH; j = j + 1) { dot = dot + Dy[base + j] * S[base + j]; }
    for (var j = 0; j < WIDTH; j = j + 1) { result[base + j] = S[base + j] * (Dy[base + j] - dot); }`;

export function softmax(x: tf.Tensor): tf.Tensor {
  const backend = activeWebGPUBackend();
  if (!backend) return tf.softmax(x);
  const op = tf.customGrad((...args) => {
    const [input] = args as tf.Tensor[];
    const s = runProgram(backend, new RowProgram(input.shape, ['X'], FORWARD, 'Fwd'), [input]);
    (args[1] as tf.GradSaveFunc)([s]);
    return {
      value: s,
      gradFunc: (dy, saved) => {
        const [sv] = saved as tf.Tensor[];
        const program = new RowProgram(sv.shape, ['Dy', 'S'], BACKWARD, 'Grad');
        return [runProgram(backend, program, [dy as tf.Tensor, sv])];
      },
    };
  });
  return op(x);
}
