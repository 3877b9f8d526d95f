/**
 * The dense layers' matMul on the real wasm backend (in Node): value and both gradients equal
 * tf.matMul's on cpu, for 2-D products (custom gradient) and batched ones (tf.matMul itself).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray, relativeError, runOn } from '../gpu/testing/fixtures';
import { tf } from '../tf';
import { matMul } from './matMul';

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

describe('matMul on wasm', () => {
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
});
