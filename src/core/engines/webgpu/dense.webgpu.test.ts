/**
 * fusedDense (src/core/engines/webgpu/dense.ts) against plain tf ops on webgpu: forward values and the
 * gradients w.r.t. h, W and b, for both activations and stacked shapes; dispatch counts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { countGpuWork } from './index';
import { fusedDense, type DenseActivation } from './dense';
import { randomArray, relativeError } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';

const suite = await webgpuSuite('dense.webgpu.test.ts');

function plain(h: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor2D, act: DenseActivation): tf.Tensor {
  const y = tf.add(tf.matMul(h, w), tf.expandDims(b, 1));
  return act === 'relu' ? tf.relu(y) : y;
}

describe.skipIf(suite === null)('fusedDense on webgpu', () => {
  it.each([
    ['relu', 4, 37, 9, 13],
    ['linear', 2, 256, 64, 1],
    ['relu', 16, 256, 32, 64],
  ] as const)(
    '%s [N=%i, rows=%i, in=%i, out=%i] matches tf ops',
    async (act, n, rows, inW, out) => {
      const s = must(suite);
      const h = tf.tensor3d(randomArray(n * rows * inW, 1), [n, rows, inW]);
      const w = tf.tensor3d(randomArray(n * inW * out, 2, 0.3), [n, inW, out]);
      const b = tf.tensor2d(randomArray(n * out, 3, 0.2), [n, out]);
      // A loss that weights every output differently, so each gradient entry is exercised.
      const dyWeights = tf.tensor3d(randomArray(n * rows * out, 4), [n, rows, out]);
      const run = (dense: typeof plain) =>
        tf.tidy(() => {
          const f = (hv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) =>
            tf.sum(
              tf.mul(
                dense(hv as tf.Tensor3D, wv as tf.Tensor3D, bv as tf.Tensor2D, act),
                dyWeights,
              ),
            );
          const y = dense(h, w, b, act);
          return [y, ...tf.grads(f)([h, w, b])];
        });
      await withGpuErrorScope(s.device, async () => {
        const fused = run(fusedDense);
        const ref = run(plain);
        for (let i = 0; i < ref.length; i++) {
          const err = relativeError(await fused[i].data(), await ref[i].data());
          expect(err, ['y', 'dh', 'dW', 'db'][i]).toBeLessThan(1e-4);
        }
        tf.dispose([...fused, ...ref]);
      });
      const { counts } = countGpuWork(s.counter, () =>
        tf.tidy(() => {
          fusedDense(h, w, b, act);
        }),
      );
      expect(counts.dispatches).toBe(1);
      const grads = countGpuWork(s.counter, () =>
        tf.tidy(() => {
          // Only W and b are differentiated: the dh program must not run.
          tf.grads((wv: tf.Tensor, bv: tf.Tensor) =>
            tf.sum(fusedDense(h, wv as tf.Tensor3D, bv as tf.Tensor2D, act)),
          )([w, b]);
        }),
      );
      // forward 1 + dW 1 + db 1, plus the sum and its gradient (fill/broadcast) from tfjs.
      expect(grads.counts.dispatches).toBeLessThanOrEqual(6);
      tf.dispose([h, w, b, dyWeights]);
    },
  );
});
