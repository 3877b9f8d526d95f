/**
 * The dense layers' matMul on the real wasm backend (in Node): value and both gradients equal
 * tf.matMul's on cpu, for 2-D products (custom gradient) and batched ones (tf.matMul itself);
 * and stackedDense, whose wasm path runs one 2-D product per stack, against its cpu path.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray, relativeError, runOn } from '../webgpu/testing/fixtures';
import { tf } from '../../tf';
import { activeKernels } from './kernels';
import { stackedDense as stackedDenseOn } from './layers';

/** The dense layers' product and layer with the variants of the backend they run on. */
function matMul<R extends tf.Rank.R2 | tf.Rank.R3>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  return activeKernels().matMul(a, b);
}
const stackedDense = (
  ...args: Parameters<typeof stackedDenseOn> extends [unknown, ...infer R] ? R : never
) => stackedDenseOn(activeKernels(), ...args);

const wasm = await import('@tensorflow/tfjs-backend-wasm');
const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);

function valueAndGrads(op: typeof matMul, aShape: number[], bShape: number[]): () => tf.Tensor[] {
  return () => {
    const a = tf.tensor(
      randomArray(
        aShape.reduce((p, q) => p * q, 1),
        1,
      ),
      aShape,
    );
    const b = tf.tensor(
      randomArray(
        bShape.reduce((p, q) => p * q, 1),
        2,
      ),
      bShape,
    );
    const out = op(a as tf.Tensor2D, b as tf.Tensor2D);
    const w = tf.tensor(randomArray(out.size, 3), out.shape);
    const f = (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(op(x as tf.Tensor2D, y as tf.Tensor2D), w));
    return [out, ...tf.grads(f)([a, b])];
  };
}

describe('dense layers on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it.each([
    [
      [37, 9],
      [9, 13],
    ],
    [
      [256, 64],
      [64, 128],
    ],
    [
      [3, 20, 7],
      [3, 7, 5],
    ],
  ])('a %j times b %j: value and gradients match tf.matMul on cpu', async (aShape, bShape) => {
    const cpu = await runOn('cpu', valueAndGrads(tf.matMul as typeof matMul, aShape, bShape));
    const onWasm = await runOn('wasm', valueAndGrads(matMul, aShape, bShape));
    ['value', 'dA', 'dB'].forEach((what, i) =>
      expect(relativeError(onWasm[i], cpu[i]), what).toBeLessThan(1e-5),
    );
  });

  it.each([
    [1, 4],
    [2, 3],
    [3, 1],
  ])('stackedDense with %i input stacks read by %i stacks each matches cpu', async (S, g) => {
    const [rows, inW, outW] = [19, 6, 5];
    const body = () => {
      const h = tf.tensor(randomArray(S * rows * inW, 4), [S, rows, inW]);
      const k = tf.tensor(randomArray(S * g * inW * outW, 5), [S * g, inW, outW]);
      const b = tf.tensor(randomArray(S * g * outW, 6), [S * g, outW]);
      const w = tf.tensor(randomArray(S * g * rows * outW, 7), [S * g, rows, outW]);
      const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
        tf.sum(tf.mul(stackedDense(x, y, z, 'relu'), w));
      return [stackedDense(h, k, b, 'relu'), ...tf.grads(f)([h, k, b])];
    };
    const cpu = await runOn('cpu', body);
    const onWasm = await runOn('wasm', body);
    ['value', 'dh', 'dW', 'db'].forEach((what, i) =>
      expect(relativeError(onWasm[i], cpu[i]), what).toBeLessThan(1e-5),
    );
  });

  it('two stacked layers (the second reads the parts of the first) match cpu', async () => {
    const [S, rows, inW, mid, outW] = [3, 11, 4, 6, 5];
    const body = () => {
      const h = tf.tensor(randomArray(S * rows * inW, 8), [S, rows, inW]);
      const k1 = tf.tensor(randomArray(S * inW * mid, 9), [S, inW, mid]);
      const b1 = tf.tensor(randomArray(S * mid, 10), [S, mid]);
      const k2 = tf.tensor(randomArray(S * mid * outW, 11), [S, mid, outW]);
      const b2 = tf.tensor(randomArray(S * outW, 12), [S, outW]);
      const w = tf.tensor(randomArray(S * rows * outW, 13), [S, rows, outW]);
      const net = (...p: tf.Tensor[]) =>
        stackedDense(stackedDense(p[0], p[1], p[2], 'relu'), p[3], p[4], 'linear');
      const f = (...p: tf.Tensor[]) => tf.sum(tf.mul(net(...p), w));
      const inputs = [h, k1, b1, k2, b2];
      return [net(...inputs), ...tf.grads(f)(inputs)];
    };
    const cpu = await runOn('cpu', body);
    const onWasm = await runOn('wasm', body);
    cpu.forEach((c, i) => expect(relativeError(onWasm[i], c), `output ${i}`).toBeLessThan(1e-5));
  });
});
