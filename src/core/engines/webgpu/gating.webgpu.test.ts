/**
 * The gating programs on webgpu against tf ops on cpu: mixExperts (experts per gate row, and one
 * experts tensor shared by all rows) and the last-axis softmax, values and gradients, plus their
 * dispatch counts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { countGpuWork } from './index';
import { mixExperts } from './mixExperts';
import { softmax } from './softmax';
import { randomArray, relativeError, runOn } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';

const suite = await webgpuSuite('gating.webgpu.test.ts');

/** Value and both input gradients of sum(mix(g, x) * w), a loss with distinct weights per entry. */
function mixAndGrads(g: tf.Tensor, x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(mixExperts(a, b), w));
  const { value, grads } = tf.valueAndGrads(f)([g, x]);
  return [mixExperts(g, x), value, ...grads];
}

describe.skipIf(suite === null)('gating programs on webgpu', () => {
  it.each([
    [4, 4, 3, 37, 10],
    [4, 1, 4, 256, 64],
    [3, 1, 5, 7, 3],
  ])(
    'mixExperts N=%i NX=%i E=%i B=%i H=%i matches tf ops, gradients included',
    async (N, NX, E, B, H) => {
      const s = must(suite);
      const gv = randomArray(N * B * E, 1);
      const xv = randomArray(NX * E * B * H, 2);
      const wv = randomArray(N * B * H, 3);
      const body = () =>
        mixAndGrads(
          tf.tensor3d(gv, [N, B, E]),
          tf.tensor4d(xv, [NX, E, B, H]),
          tf.tensor3d(wv, [N, B, H]),
        );
      const cpu = await runOn('cpu', body);
      await withGpuErrorScope(s.device, async () => {
        const gpu = await runOn('webgpu', body);
        const names = ['mixed', 'loss', 'dGates', 'dExperts'];
        gpu.forEach((v, i) => expect(relativeError(v, cpu[i]), names[i]).toBeLessThan(1e-5));
        const g = tf.tensor3d(gv, [N, B, E]);
        const x = tf.tensor4d(xv, [NX, E, B, H]);
        const w = tf.tensor3d(wv, [N, B, H]);
        const work = countGpuWork(s.counter, () => tf.tidy(() => void mixAndGrads(g, x, w)));
        // forward twice (value and the grads' forward), loss mul+sum, their gradient, two grads
        expect(work.counts.dispatches).toBeLessThanOrEqual(9);
        tf.dispose([g, x, w]);
      });
    },
  );

  it.each([[[4, 256, 4]], [[2, 3, 5, 17]], [[6, 1]]])(
    'softmax over the last axis of %j matches tf.softmax, gradient included',
    async (shape) => {
      const s = must(suite);
      const size = shape.reduce((a, b) => a * b, 1);
      const xv = randomArray(size, 4, 6);
      const wv = randomArray(size, 5);
      const body = (op: (t: tf.Tensor) => tf.Tensor) => () => {
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(op(a), w)))(x);
        return [op(x), grad];
      };
      const cpu = await runOn('cpu', body(tf.softmax));
      await withGpuErrorScope(s.device, async () => {
        const gpu = await runOn('webgpu', body(softmax));
        expect(relativeError(gpu[0], cpu[0]), 'softmax').toBeLessThan(1e-5);
        expect(relativeError(gpu[1], cpu[1]), 'gradient').toBeLessThan(1e-5);
        const x = tf.tensor(xv, shape);
        expect(
          countGpuWork(s.counter, () => tf.tidy(() => void softmax(x))).counts.dispatches,
        ).toBe(1);
        x.dispose();
      });
    },
  );
});
