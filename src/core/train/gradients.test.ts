import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { mixedBatch, setup } from '../model/gradcheck.test.helpers';
import { weightedGradients } from './gradients';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test.each(['shared-bottom', 'mmoe', 'multitab-net'] as const)(
  '%s: engine gradients match central finite differences',
  (arch) => {
    const { model, lossFns } = setup(arch, 4);
    const batch = mixedBatch(10, 4);
    const weights = [1, 0.5, 2];
    const w = tf.tensor1d(weights);
    const loss = () =>
      tf.tidy(() => {
        const l = lossFns.perTask(
          model.forward(model.variables, batch.x, false).outputs,
          batch.y,
          batch.mask,
        );
        return tf.sum(tf.mul(l, w)).dataSync()[0];
      });
    const analytic = tf.tidy(() =>
      weightedGradients(model, lossFns, batch, w).grads.map((g) => Array.from(g.dataSync())),
    );
    // Central differences with one Richardson step, (4 D(h) - D(2h)) / 3, which cancels the h^2
    // term: LN on single-feature tokens is strongly curved, and float32 forbids a tiny h.
    const h = 1e-3;
    const numeric: number[] = [];
    const exact: number[] = [];
    model.variables.forEach((v, i) => {
      const values = v.dataSync().slice();
      // Every coordinate of small parameters, a spread of 8 of larger ones.
      const coords =
        values.length <= 8
          ? values.map((_, k) => k)
          : Array.from({ length: 8 }, (_, k) => Math.floor((k * values.length) / 8));
      for (const k of coords) {
        const at = (delta: number) => {
          const copy = values.slice();
          copy[k] += delta;
          tf.tidy(() => v.assign(tf.tensor(copy, v.shape)));
          return loss();
        };
        const d = (step: number) => (at(step) - at(-step)) / (2 * step);
        numeric.push((4 * d(h) - d(2 * h)) / 3);
        exact.push(analytic[i][k]);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      }
    });
    const norm = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    const diff = norm(numeric.map((n, k) => n - exact[k]));
    expect(norm(exact)).toBeGreaterThan(0);
    expect(diff / norm(exact)).toBeLessThan(1e-2);
    tf.dispose([batch.x, batch.y, batch.mask, w]);
    model.dispose();
    lossFns.dispose();
  },
);
