import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import { mixedBatch, setup } from '../model/gradcheck.test.helpers';
import { getMethod, resolveOptions } from '../methods/registry';
import type { MethodDefinition, MethodResult } from '../methods/types';
import { perTaskGradients, weightedGradients } from './gradients';
import { representationGradients, representationUpdate } from './representation';
import { datasetFor, smallConfig } from './testing';
import { createTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

function instance(def: MethodDefinition, options: Record<string, unknown> = {}) {
  return def.create({
    tasks: 3,
    options: resolveOptions(def, options),
    learningRate: 1e-3,
    random: () => 0.5,
  });
}

test.each(['shared-bottom', 'mmoe', 'cgc', 'multitab-net'] as const)(
  '%s: row t of r is the gradient of l_t w.r.t. z_t alone',
  (arch) => {
    const { model, lossFns } = setup(arch, 4);
    const batch = mixedBatch(10, 4);
    const T = model.dims.tasks;
    tf.tidy(() => {
      const g = representationGradients(model, lossFns, batch);
      const r = g.r.arraySync();
      for (let t = 0; t < T; t++) {
        // Task t's loss as a function of z_t only (the other rows held fixed).
        const f = (zt: tf.Tensor) => {
          const rows = tf.unstack(g.z).map((row, s) => (s === t ? zt : row));
          const l = lossFns.perTask(
            model.towers(model.variables, tf.stack(rows) as tf.Tensor3D),
            batch.y,
            batch.mask,
          );
          return tf.sum(tf.slice(l, [t], [1]));
        };
        const zt = tf.gather(g.z, t);
        const separate = tf.grad(f)(zt).dataSync();
        expect(maxAbs(separate, Float32Array.from(r[t].flat()))).toBeLessThan(1e-5);
      }
    });
    tf.dispose([batch.x, batch.y, batch.mask]);
    model.dispose();
    lossFns.dispose();
  },
);

test.each(['shared-bottom', 'mmoe'] as const)(
  '%s: the shared update is sum_t w_t VJP(r_t) = sum_t w_t dl_t/dtheta',
  (arch) => {
    const { model, lossFns } = setup(arch, 4);
    const batch = mixedBatch(10, 4);
    const weights = [0.7, 0.2, 1.3];
    const result: MethodResult = {
      weights: Float64Array.from(weights),
      headWeights: new Float64Array(3).fill(1),
    };
    tf.tidy(() => {
      const g = representationGradients(model, lossFns, batch);
      const grads = representationUpdate(model, batch, g, result);
      // Independent: one backward of sum_t w_t l_t through the whole model.
      const ref = weightedGradients(model, lossFns, batch, tf.tensor1d(weights)).grads;
      for (const i of model.sharedIndex) {
        expect(maxAbs(grads[i].dataSync(), ref[i].dataSync())).toBeLessThan(1e-5);
      }
      // Per-task VJPs, separately: task t's own gradient on the shared parameters (row t of J).
      const J = perTaskGradients(model, lossFns, batch).jacobian!.arraySync();
      const flat = tf.concat(model.sharedIndex.map((i) => tf.reshape(grads[i], [-1]))).dataSync();
      const combined = J[0].map((_, k) => J.reduce((s, row, t) => s + weights[t] * row[k], 0));
      expect(maxAbs(flat, combined)).toBeLessThan(1e-5);
      // Towers: own-task gradient, unweighted.
      const unit = weightedGradients(model, lossFns, batch, tf.ones([3])).grads;
      for (const i of model.towerIndex) {
        expect(maxAbs(grads[i].dataSync(), unit[i].dataSync())).toBeLessThan(1e-5);
      }
    });
    tf.dispose([batch.x, batch.y, batch.mask]);
    model.dispose();
    lossFns.dispose();
  },
);

test('MGDA-UB weights are the min-norm point of the representation Gram, unlike MGDA', () => {
  const { model, lossFns } = setup('shared-bottom', 4);
  const batch = mixedBatch(16, 4);
  const T = 3;
  let data: { repGram: Float64Array; paramGram: Float64Array; losses: Float64Array } | null = null;
  tf.tidy(() => {
    const g = representationGradients(model, lossFns, batch);
    const R = tf.reshape(g.r, [T, -1]);
    const J = perTaskGradients(model, lossFns, batch).jacobian!;
    data = {
      repGram: Float64Array.from(tf.matMul(R, R, false, true).dataSync()),
      paramGram: Float64Array.from(tf.matMul(J, J, false, true).dataSync()),
      losses: Float64Array.from(g.losses.dataSync()),
    };
  });
  const { repGram, paramGram, losses } = data!;
  const input = (gram: Float64Array) => ({ step: 0, stepsPerEpoch: 10, losses, gram });
  const opts = { mgda_gn: 'none' };
  const w = instance(getMethod('mgdaub'), opts).aggregate(input(repGram)).weights!;
  const wP = instance(getMethod('mgda'), opts).aggregate(input(paramGram)).weights!;
  // KKT on the simplex: (Gw)_i >= w'Gw for all i, with equality where w_i > 0.
  const Gw = Array.from({ length: T }, (_, i) =>
    w.reduce((s, wj, j) => s + repGram[i * T + j] * wj, 0),
  );
  const q = w.reduce((s, wi, i) => s + wi * Gw[i], 0);
  const scale = Math.max(...Array.from({ length: T }, (_, i) => repGram[i * T + i]));
  expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  for (let i = 0; i < T; i++) {
    expect(w[i]).toBeGreaterThanOrEqual(0);
    expect((Gw[i] - q) / scale).toBeGreaterThan(-1e-6);
    if (w[i] > 1e-6) expect(Math.abs(Gw[i] - q) / scale).toBeLessThan(1e-6);
  }
  expect(maxAbs(w, wP)).toBeGreaterThan(1e-3);
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
  lossFns.dispose();
});

describe('every architecture trains in R mode', () => {
  const archs: ModelConfig['architecture'][] = [
    'stl',
    'shared-bottom',
    'mmoe',
    'cgc',
    'ple',
    'cross-stitch',
    'multitab-net',
  ];
  const cases = archs.flatMap((a) =>
    ['mgdaub', 'alignedmtlub', 'graddrop'].map((m) => [a, m] as const),
  );
  test.each(cases)('%s with %s: 30 steps, finite losses, flat tensor count', async (arch, m) => {
    const config = smallConfig({ samples: 400 }, { architecture: arch, levels: 2 });
    const dataset = datasetFor(config);
    const trainer = await createTrainer({ config, dataset, method: getMethod(m) });
    await trainer.train(5);
    await trainer.snapshot();
    const at5 = tf.memory().numTensors;
    await trainer.train(25);
    const snap = await trainer.snapshot();
    expect(tf.memory().numTensors).toBe(at5);
    expect(snap.diverged).toBe(false);
    for (const l of snap.trainLoss) expect(Number.isFinite(l)).toBe(true);
    trainer.dispose();
  });
});
