/**
 * Report for the engine: what tfjs's own fused dense layer (tf.fused.matMul = _FusedMatMul, with
 * bias and activation in the matmul program) costs on webgpu, forward and backward, against the
 * unfused ops, for the replicated-weights shapes of R0 (T=4, batch 256, 64 -> 64).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { countGpuWork } from './index';
import { randomArray, relativeError } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';

const suite = await webgpuSuite('fusedMatMul.webgpu.test.ts');
const [T, B, D, H] = [4, 256, 64, 64];

type Dense = (x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
const fusedDense: Dense = (x, w, b) =>
  tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }) as tf.Tensor3D;
const plainDense: Dense = (x, w, b) => tf.relu(tf.add(tf.matMul(x, w), b)) as tf.Tensor3D;

describe.skipIf(suite === null)('tf.fused.matMul on webgpu', () => {
  it('counts forward and forward+backward dispatches, fused vs unfused, and they agree', async () => {
    const s = must(suite);
    const x = tf.tensor3d(randomArray(T * B * D, 1), [T, B, D]);
    const w = tf.tensor3d(randomArray(T * D * H, 2, 0.2), [T, D, H]);
    const b = tf.tensor3d(randomArray(T * H, 3, 0.1), [T, 1, H]);
    tf.tidy(() => [x, w, b].forEach((t) => tf.neg(t)));
    const lines: string[] = [];
    const results: Float32Array[] = [];
    await withGpuErrorScope(s.device, async () => {
      for (const [name, dense] of [
        ['fused', fusedDense],
        ['unfused', plainDense],
      ] as const) {
        tf.tidy(() =>
          tf.grads((wv: tf.Tensor, bv: tf.Tensor) =>
            tf.sum(dense(x, wv as tf.Tensor3D, bv as tf.Tensor3D)),
          )([w, b]),
        ); // warm-up
        const fwd = countGpuWork(s.counter, () => tf.tidy(() => void dense(x, w, b))).counts
          .dispatches;
        const { result, counts } = countGpuWork(s.counter, () =>
          tf.tidy(() => {
            const f = (wv: tf.Tensor, bv: tf.Tensor): tf.Scalar =>
              tf.sum(dense(x, wv as tf.Tensor3D, bv as tf.Tensor3D));
            return tf.grads(f)([w, b]);
          }),
        );
        // Subtract the sum reduction and its gradient so the figure is the dense layer's own cost.
        const lossOnly = countGpuWork(s.counter, () =>
          tf.tidy(() => tf.grads((y: tf.Tensor) => tf.sum(y))([tf.ones([T, B, H])])),
        ).counts.dispatches;
        lines.push(
          `  ${name.padEnd(8)} forward ${fwd}, forward+backward ${counts.dispatches - lossOnly} (loss sum excluded)`,
        );
        results.push(
          Float32Array.from(await result[0].data()),
          Float32Array.from(await result[1].data()),
        );
        tf.dispose(result);
      }
    });
    console.log(
      `dense ${T}x[${B},${D}]·[${D},${H}] + bias, relu (replicated weights):\n${lines.join('\n')}`,
    );
    expect(relativeError(results[0], results[2])).toBeLessThan(1e-4);
    expect(relativeError(results[1], results[3])).toBeLessThan(1e-4);
    expect(lines[0]).toMatch(/forward 1,/);
    tf.dispose([x, w, b]);
  });
});
