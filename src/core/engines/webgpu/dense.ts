/**
 * `fusedDense(h, W, b, activation)`: a stacked dense layer as ONE WebGPU program forward and at
 * most three backward (dh, dW, db; dh is skipped when h needs no gradient, e.g. the input), with
 * the activation folded into all of them. Registered as tfjs kernels (webgpu only) with a
 * gradient, so it composes with tf.grads like any op. Callers use it only when the webgpu backend
 * is active (`denseAvailable()`); elsewhere the plain tf ops are used.
 */
import { tf } from '../../tf';
import {
  DenseForwardProgram,
  DenseGradBiasProgram,
  DenseGradInputProgram,
  DenseGradKernelProgram,
  type DenseActivation,
} from './denseProgram';
import { activeWebGPUBackend, type WebGPUBackend } from './webgpuBackend';

const FORWARD = 'MtlDense';
const GRAD_INPUT = 'MtlDenseGradInput';
const GRAD_KERNEL = 'MtlDenseGradKernel';
const GRAD_BIAS = 'MtlDenseGradBias';

type Info = tf.TensorInfo;

const withY = (inputs: Info[], y: Info, act: DenseActivation): Info[] =>
  act === 'relu' ? [...inputs, y] : inputs;

function activationOf(attrs: unknown): DenseActivation {
  const a = (attrs as { activation?: unknown } | undefined)?.activation;
  return a === 'relu' ? 'relu' : 'linear';
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const run = (backend: unknown) => backend as WebGPUBackend;
  tf.registerKernel({
    kernelName: FORWARD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { h, w, b } = inputs as { h: Info; w: Info; b: Info };
      const [n, rows, inW] = h.shape;
      const program = new DenseForwardProgram(
        { n, rows, inW, outW: w.shape[2] },
        activationOf(attrs),
      );
      return run(backend).runWebGPUProgram(program, [h, w, b], 'float32');
    },
  });
  tf.registerKernel({
    kernelName: GRAD_INPUT,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, y, w } = inputs as { dy: Info; y: Info; w: Info };
      const act = activationOf(attrs);
      const [n, rows, outW] = dy.shape;
      const program = new DenseGradInputProgram({ n, rows, inW: w.shape[1], outW }, act);
      return run(backend).runWebGPUProgram(program, withY([dy, w], y, act), 'float32');
    },
  });
  tf.registerKernel({
    kernelName: GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { h, dy, y } = inputs as { h: Info; dy: Info; y: Info };
      const act = activationOf(attrs);
      const [n, rows, inW] = h.shape;
      const program = new DenseGradKernelProgram({ n, rows, inW, outW: dy.shape[2] }, act);
      return run(backend).runWebGPUProgram(program, withY([h, dy], y, act), 'float32');
    },
  });
  tf.registerKernel({
    kernelName: GRAD_BIAS,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, y } = inputs as { dy: Info; y: Info };
      const act = activationOf(attrs);
      const program = new DenseGradBiasProgram(dy.shape[0], dy.shape[2], act);
      return run(backend).runWebGPUProgram(program, withY([dy], y, act), 'float32');
    },
  });
  tf.registerGradient({
    kernelName: FORWARD,
    inputsToSave: ['h', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [h, w, y] = saved;
      const d = dy as tf.Tensor;
      const call = (name: string, inputs: tf.NamedTensorMap) =>
        tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
      // Thunks: tfjs calls only those on a path to the differentiated variables.
      return {
        h: () => call(GRAD_INPUT, { dy: d, y, w }),
        w: () => call(GRAD_KERNEL, { h, dy: d, y }),
        b: () => call(GRAD_BIAS, { dy: d, y }),
      };
    },
  });
}

/** True when the fused dense programs can run (the webgpu backend is active). */
export function denseAvailable(): boolean {
  return activeWebGPUBackend() !== null;
}

/** act(h W + b) for h [N, rows, in], W [N, in, out], b [N, out]; webgpu only. */
export function fusedDense(
  h: tf.Tensor3D,
  w: tf.Tensor3D,
  b: tf.Tensor2D,
  activation: DenseActivation,
): tf.Tensor3D {
  if (!denseAvailable()) throw new Error('fusedDense needs the webgpu backend');
  register();
  const [n, , inW] = h.shape;
  if (w.shape[0] !== n || w.shape[1] !== inW || b.shape[0] !== n || b.shape[1] !== w.shape[2]) {
    throw new Error(`fusedDense: shapes h [${h.shape}], W [${w.shape}], b [${b.shape}] do not fit`);
  }
  return tf.engine().runKernel(FORWARD, { h, w, b }, { activation }) as tf.Tensor3D;
}

export type { DenseActivation };
