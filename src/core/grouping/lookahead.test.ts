import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { getArchitecture, modelDims } from '../model/registry';
import { outputWidth } from '../model/towers';
import { evalBatch, uploadSplit } from '../train/deviceData';
import { perTaskGradients } from '../train/gradients';
import { TaskLosses } from '../train/losses';
import { ModelState } from '../train/modelState';
import { datasetFor, smallConfig } from '../train/testing';
import { createTrainer } from '../train/trainer';
import { tidyKeep } from '../train/tidy';
import { lookaheadAffinity } from './affinity';
import { lookaheadLosses, sgdPreview } from './lookahead';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = smallConfig(
  { tasks: 3, features: 6, samples: 400, rho: 0.3 },
  // He-normal: its larger gradients keep the η = 1e-3 loss differences well above float32
  // rounding; from PyTorch's small start the error stops shrinking at η = 1e-3 (rounding, not O(η)).
  { hidden: [8], tower: [4], init: 'he-normal' },
);
const dataset = datasetFor(config);

describe('TAG lookahead on the engine', () => {
  test('small-step limit: (Z_{i→j})·ℓ_j → G_ij = g_i·g_j with O(η) error; Z_{i→i} > 0', async () => {
    const dims = modelDims(dataset);
    const model = new ModelState(getArchitecture('shared-bottom'), config.model, dims, 3);
    const lossFns = new TaskLosses(dataset.tasks, outputWidth(dims));
    const split = uploadSplit(dataset.train, dataset.features, 3, 64);
    const batch = tidyKeep(() => evalBatch(split, 0, 64));
    const G = tf.tidy(() => {
      const J = perTaskGradients(model, lossFns, batch).jacobian as tf.Tensor2D;
      return tf.matMul(J, J, false, true);
    });
    const gram = Float64Array.from(await G.data());
    const scale = Math.max(...gram.map(Math.abs));
    const errors: number[] = [];
    for (const eta of [1e-1, 1e-2, 1e-3]) {
      const { before, after } = await lookaheadLosses({ model, lossFns }, batch, sgdPreview(eta));
      const z = lookaheadAffinity(before, after, eta);
      let err = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++)
          err = Math.max(err, Math.abs(z[i][j] * before[j] - gram[i * 3 + j]));
        if (eta <= 1e-2) expect(z[i][i]).toBeGreaterThan(0);
      }
      errors.push(err / scale);
    }
    // O(η): each tenfold smaller step cuts the error by several times, down to ~1%.
    expect(errors[1]).toBeLessThan(errors[0] / 4);
    expect(errors[2]).toBeLessThan(errors[1] / 4);
    expect(errors[2]).toBeLessThan(0.02);
    tf.dispose([G, batch.x, batch.y, batch.mask, split.x, split.y, split.mask]);
    lossFns.dispose();
    model.dispose();
  });

  test('a run with the affinity on: one measurement per k steps, memory flat, Adam rule', async () => {
    const trainer = await createTrainer({
      config,
      dataset,
      options: { affinityEvery: 2, dataMap: true },
    });
    await trainer.train(4);
    const start = tf.memory().numTensors;
    await trainer.train(20);
    expect(tf.memory().numTensors).toBe(start);
    const report = trainer.affinity();
    expect(report?.count).toBe(12);
    expect(report?.history.length).toBe(12);
    report?.mean.forEach((row) => row.forEach((v) => expect(Number.isFinite(v)).toBe(true)));
    const maps = trainer.dataMaps();
    // 280 training rows, batch 64: 4 steps per epoch, 6 epoch boundaries in 24 steps.
    expect(maps?.epochs).toBe(5);
    expect(maps?.maps[0].confidence.length).toBe(dataset.train.rows);
    trainer.dispose();
  });
});
