/**
 * The programs of the packed training path against plain tf ops on webgpu: packedDense and
 * packedParam (forward and the gradients they scatter into a slot), the fused task loss (forward
 * and gradient) for every loss kind with missing labels, gatherRows, sumRepeats; dispatch counts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { TaskLosses } from '../../train/losses';
import { countGpuWork } from './index';
import { packedDense, packedParam, type PackedRef, type PackedSource } from './packedDense';
import { sumRepeats } from './sumRepeats';
import { gatherRows, taskLoss } from './taskLoss';
import { randomArray, relativeError, runOn } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';

const suite = await webgpuSuite('packed.webgpu.test.ts');

async function expectClose(a: tf.Tensor, b: tf.Tensor, what: string): Promise<void> {
  expect(a.shape, what).toEqual(b.shape);
  expect(relativeError(await a.data(), await b.data()), what).toBeLessThan(1e-5);
}

describe.skipIf(suite === null)('packed training programs on webgpu', () => {
  it.each([
    ['relu', 2, 3, 37, 9, 13, false],
    ['linear', 1, 4, 256, 64, 1, false],
    ['relu', 2, 3, 37, 9, 13, true],
    ['relu', 1, 4, 256, 64, 32, true],
  ] as const)(
    'packedDense %s [C=%i, m=%i, rows=%i, %i->%i] forward and slot gradient, input shared: %s',
    async (act, C, m, rows, inW, outW, sharedInput) => {
      const s = must(suite);
      await withGpuErrorScope(s.device, async () => {
        const pad = 5; // parameters sit after some other values in the state and in the slot
        const wSize = m * inW * outW;
        const n = pad + wSize + m * outW + 3;
        const values = randomArray(n, 1, 0.4);
        const state = tf.tensor2d([...values, ...new Float32Array(2 * n)], [3, n]);
        const slot = tf.zeros([C, n - 2]) as tf.Tensor2D;
        const source: PackedSource = { state, slots: [slot] };
        const kernel: PackedRef = {
          offset: pad,
          shape: [m, inW, outW],
          slot: 0,
          slotOffset: pad - 2,
          copies: C,
        };
        const bias: PackedRef = {
          offset: pad + wSize,
          shape: [m, outW],
          slot: 0,
          slotOffset: pad - 2 + wSize,
          copies: C,
        };
        // A shared input has one stack per copy, read by all m stacks of that copy.
        const hm = sharedInput ? 1 : m;
        // The copies of the replicated trick see the same input (the forward computes copy 0).
        const h1 = tf.tensor(randomArray(hm * rows * inW, 2), [1, hm, rows, inW]);
        const h = tf.tile(h1, [C, 1, 1, 1]);
        const dyW = tf.tensor(randomArray(C * m * rows * outW, 3), [C, m, rows, outW]);
        const W = tf.tensor(values.subarray(pad, pad + wSize), [1, m, inW, outW]);
        const b = tf.tensor(values.subarray(pad + wSize, pad + wSize + m * outW), [1, m, 1, outW]);
        const plain = (hv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) => {
          const y = tf.add(
            tf.matMul(
              tf.reshape(tf.broadcastTo(hv, [C, m, rows, inW]), [C * m, rows, inW]) as tf.Tensor3D,
              tf.reshape(wv, [C * m, inW, outW]) as tf.Tensor3D,
            ),
            tf.reshape(bv, [C * m, 1, outW]),
          );
          return tf.reshape(act === 'relu' ? tf.relu(y) : y, [C, m, rows, outW]);
        };
        const Wc = tf.tile(W, [C, 1, 1, 1]);
        const bc = tf.tile(b, [C, 1, 1, 1]);
        const [yRef, dhRef, dWRef, dbRef] = tf.tidy(() => {
          const g = tf.grads((hv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) =>
            tf.sum(tf.mul(plain(hv, wv, bv), dyW)),
          )([h, Wc, bc]);
          return [plain(h, Wc, bc), ...g];
        });
        const [y, dh, dSlot] = tf.tidy(() => {
          const g = tf.grads((hv: tf.Tensor, sv: tf.Tensor) => {
            void sv;
            return tf.sum(tf.mul(packedDense(hv, source, kernel, bias, act), dyW));
          })([h, slot]);
          return [packedDense(h, source, kernel, bias, act), ...g];
        });
        await expectClose(y, yRef, 'y');
        await expectClose(dh, dhRef, 'dh');
        // The slot holds [.. dW .. db ..] of each copy at the parameters' slot offsets, zeros elsewhere.
        const expected = tf.tidy(() =>
          tf.concat(
            [
              tf.zeros([C, pad - 2]),
              tf.reshape(dWRef, [C, wSize]),
              tf.reshape(dbRef, [C, m * outW]),
              tf.zeros([C, 3]),
            ],
            1,
          ),
        );
        await expectClose(dSlot, expected, 'slot');
        const fwd = countGpuWork(s.counter, () =>
          tf.tidy(() => void packedDense(h, source, kernel, bias, act)),
        );
        expect(fwd.counts.dispatches).toBe(1);
        const bwd = countGpuWork(s.counter, () =>
          tf.tidy(
            () =>
              void tf.grads((sv: tf.Tensor) => {
                void sv;
                return packedDense(h, source, kernel, bias, act);
              })([slot], dyW),
          ),
        );
        // forward + dW/db in one program (no dh: h is not differentiated).
        expect(bwd.counts.dispatches).toBe(2);
        tf.dispose([
          state,
          slot,
          h,
          dyW,
          W,
          b,
          Wc,
          bc,
          yRef,
          dhRef,
          dWRef,
          dbRef,
          y,
          dh,
          dSlot,
          expected,
        ]);
      });
    },
  );

  it('packedParam views the state and scatters its gradient into the slot', async () => {
    const s = must(suite);
    await withGpuErrorScope(s.device, async () => {
      const n = 40;
      const values = randomArray(n, 7);
      const state = tf.tensor2d([...values, ...new Float32Array(2 * n)], [3, n]);
      const slot = tf.zeros([3, 30]) as tf.Tensor2D;
      const ref: PackedRef = { offset: 12, shape: [2, 3], slot: 0, slotOffset: 4, copies: 3 };
      const dy = tf.tensor(randomArray(18, 8), [3, 2, 3]);
      const [view, g] = tf.tidy(() => [
        packedParam({ state, slots: [slot] }, ref),
        tf.grads((sv: tf.Tensor) => {
          void sv;
          return tf.sum(tf.mul(packedParam({ state, slots: [slot] }, ref), dy));
        })([slot])[0],
      ]);
      const one = Array.from(values.subarray(12, 18));
      await expectClose(view, tf.tensor([...one, ...one, ...one], [3, 2, 3]), 'view');
      const dyRows = await dy.data();
      const want = new Float32Array(90);
      for (let c = 0; c < 3; c++)
        for (let j = 0; j < 6; j++) want[c * 30 + 4 + j] = dyRows[c * 6 + j];
      await expectClose(g, tf.tensor2d(want, [3, 30]), 'slot gradient');
      tf.dispose([state, slot, dy, view, g]);
    });
  });

  it('taskLoss matches TaskLosses on gathered labels (all kinds, missing labels), forward and gradient', async () => {
    const s = must(suite);
    await withGpuErrorScope(s.device, async () => {
      const tasks = [
        { name: 'r', kind: 'regression' as const, outputs: 1 },
        { name: 'b', kind: 'binary' as const, outputs: 1 },
        { name: 'm', kind: 'multiclass' as const, outputs: 3 },
        { name: 'm2', kind: 'multiclass' as const, outputs: 2 },
      ];
      const T = tasks.length;
      const rows = 50;
      const B = 16;
      const K = 3;
      const lossFns = new TaskLosses(tasks, K);
      const yv = new Float32Array(rows * T);
      const mv = new Float32Array(rows * T);
      const noise = randomArray(rows * T, 11);
      for (let r = 0; r < rows; r++) {
        yv[r * T] = noise[r * T] * 2;
        yv[r * T + 1] = noise[r * T + 1] > 0 ? 1 : 0;
        yv[r * T + 2] = r % 3;
        yv[r * T + 3] = r % 2;
        for (let t = 0; t < T; t++) mv[r * T + t] = (r + t) % 5 === 0 ? 0 : 1;
      }
      const y = tf.tensor2d(yv, [rows, T]);
      const mask = tf.tensor2d(mv, [rows, T]);
      const order = tf.tensor1d(
        Array.from({ length: rows }, (_, i) => (i * 7) % rows),
        'int32',
      );
      const start = 20;
      const idx = tf.slice(order, [start], [B]);
      const zv = randomArray(T * B * K, 12, 2);
      // Reference: the plain-op losses on the cpu backend, on the gathered batch.
      const picked = Array.from({ length: B }, (_, b) => ((start + b) * 7) % rows);
      const [lossCpu, gCpu] = await runOn('cpu', () => {
        const ref = new TaskLosses(tasks, K);
        const rowsOf = (v: Float32Array) =>
          tf.tensor2d(
            picked.flatMap((r) => Array.from(v.subarray(r * T, r * T + T))),
            [B, T],
          );
        const r = tf.valueAndGrad((zt: tf.Tensor) =>
          ref.perTask(zt as tf.Tensor3D, rowsOf(yv), rowsOf(mv)),
        )(tf.tensor3d(zv, [T, B, K]), tf.tensor1d([0.5, 1, 2, -1]));
        ref.dispose();
        return [r.value, r.grad];
      });
      const lossRef = tf.tensor1d(lossCpu);
      const gRef = tf.tensor3d(gCpu, [T, B, K]);
      const z = tf.tensor3d(zv, [T, B, K]);
      const dy = tf.tensor1d([0.5, 1, 2, -1]);
      const labels = { y, mask, order, start };
      const [loss, g] = tf.tidy(() => {
        const r = tf.valueAndGrad((zt: tf.Tensor) =>
          taskLoss(zt as tf.Tensor3D, labels, lossFns.kinds),
        )(z, dy);
        return [r.value, r.grad];
      });
      await expectClose(loss, lossRef, 'loss');
      await expectClose(g, gRef, 'dz');
      const x = tf.tensor2d(randomArray(rows * 5, 13), [rows, 5]);
      await expectClose(gatherRows(x, order, start, B), tf.gather(x, idx), 'gatherRows');
      const counted = countGpuWork(s.counter, () =>
        tf.tidy(
          () =>
            void tf.grads((zv: tf.Tensor) => taskLoss(zv as tf.Tensor3D, labels, lossFns.kinds))(
              [z],
              dy,
            ),
        ),
      );
      expect(counted.counts.dispatches).toBe(2);
      expect(
        countGpuWork(s.counter, () => tf.tidy(() => void gatherRows(x, order, start, B))).counts
          .dispatches,
      ).toBe(1);
      lossFns.dispose();
      tf.dispose([y, mask, order, z, dy, idx, lossRef, gRef, loss, g, x]);
    });
  });

  it('sumRepeats sums the middle axis in one program', async () => {
    const s = must(suite);
    await withGpuErrorScope(s.device, async () => {
      const dy = tf.tensor3d(randomArray(3 * 5 * 7, 21), [3, 5, 7]);
      await expectClose(sumRepeats(dy), tf.sum(dy, 1, true), 'sum');
      expect(
        countGpuWork(s.counter, () => tf.tidy(() => void sumRepeats(dy))).counts.dispatches,
      ).toBe(1);
    });
  });
});
