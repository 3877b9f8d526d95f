/**
 * The microscope's conflict numbers against an independent computation: T separate tf.grads
 * (one per task loss, plain forward) at the very parameters and batch the trainer used.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import type { LabConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import type { MethodDefinition } from '../methods/types';
import { separateGradients } from '../model/gradcheck.test.helpers';
import { getArchitecture, modelDims } from '../model/registry';
import { outputWidth } from '../model/towers';
import { disposeSplit, uploadSplit } from './deviceData';
import { TaskLosses } from './losses';
import { ModelState } from './modelState';
import { datasetFor, gramRecorder, smallConfig, testEw } from './testing';
import { createTrainer } from './trainer';
import { importVariables, type WeightEntry } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Cosines of the task gradients on the shared parameters, from T separate backward passes. */
function directCosines(config: LabConfig, dataset: Dataset, weights: WeightEntry[]): number[][] {
  const dims = modelDims(dataset);
  const arch = getArchitecture(config.model.architecture);
  const model = new ModelState(arch, config.model, dims, config.train.weightSeed);
  const lossFns = new TaskLosses(dataset.tasks, outputWidth(dims));
  const split = uploadSplit(dataset.train, dataset.features, dims.tasks);
  try {
    importVariables(model, weights);
    const { jacobian } = separateGradients(model, lossFns, split);
    const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);
    return jacobian.map((gi) =>
      jacobian.map((gj) => dot(gi, gj) / Math.sqrt(dot(gi, gi) * dot(gj, gj))),
    );
  } finally {
    disposeSplit(split);
    lossFns.dispose();
    model.dispose();
  }
}

/** A config whose one batch is the whole training split, so the step's batch is known. */
function fullBatchSetup(architecture: LabConfig['model']['architecture']) {
  const base = smallConfig({ tasks: 3, features: 6, rho: 0.2, samples: 200 }, { architecture });
  const dataset = datasetFor(base);
  const config = { ...base, train: { ...base.train, batchSize: dataset.train.rows } };
  return { config, dataset };
}

describe.each(['shared-bottom', 'mmoe'] as const)('%s', (architecture) => {
  test('a gradient method: conflict cosines equal separately computed ones (1e-5)', async () => {
    const { config, dataset } = fullBatchSetup(architecture);
    const method: MethodDefinition = gramRecorder().def;
    const trainer = await createTrainer({ config, dataset, method });
    const before = await trainer.exportWeights();
    await trainer.train(1); // the Gram matrix is taken before the update, at `before`
    const snap = await trainer.snapshot();
    trainer.dispose();
    expectCosines(snap.conflict?.cosine, directCosines(config, dataset, before));
  });

  test('a loss method with conflictEvery: the probe equals separate gradients (1e-5)', async () => {
    const { config, dataset } = fullBatchSetup(architecture);
    const trainer = await createTrainer({
      config,
      dataset,
      method: testEw,
      options: { conflictEvery: 1 },
    });
    await trainer.train(1); // the probe runs after the update, on the same batch
    const after = await trainer.exportWeights();
    const snap = await trainer.snapshot();
    trainer.dispose();
    expect(snap.conflict?.step).toBe(0);
    expectCosines(snap.conflict?.cosine, directCosines(config, dataset, after));
  });
});

function expectCosines(actual: number[][] | undefined, expected: number[][]): void {
  expect(actual).toBeDefined();
  const T = expected.length;
  expect(actual).toHaveLength(T);
  for (let i = 0; i < T; i++) {
    expect(actual![i][i]).toBe(1);
    for (let j = 0; j < T; j++) {
      expect(actual![i][j]).toBe(actual![j][i]);
      expect(Math.abs(actual![i][j] - expected[i][j])).toBeLessThan(1e-5);
    }
  }
}

/**
 * Task-gradient cosine at the first step of EW training on two linear tasks, with every task's
 * tower starting from the same weights (`headInit: 'same'`), so the tasks differ only in their
 * labels. (With independently drawn heads the sign at init follows the heads' random alignment,
 * not rho; that is why the lab offers the option.)
 */
async function firstStepCosine(rho: number, seed: number): Promise<number> {
  // He-normal, because this is about how the first cosine follows rho from a rich random trunk:
  // from PyTorch's smaller, biased start it does not reliably (rho = -0.9, seeds 1, 5, 9: cosine
  // 0.29, -0.19, -0.60; he-normal: -0.85, -0.62, -0.87).
  const config = smallConfig(
    { tasks: 2, features: 8, rho, degree: 1, noise: 0.01, samples: 600, seed },
    { hidden: [16], tower: [8], headInit: 'same', init: 'he-normal' },
    { batchSize: 64, weightSeed: seed },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    method: testEw,
    options: { conflictEvery: 1 },
  });
  await trainer.train(1);
  const snap = await trainer.snapshot();
  trainer.dispose();
  return snap.conflict!.cosine[0][1];
}

test.each([1, 5, 9])(
  'seed %i: two tasks at rho = -0.9 conflict at the start, at rho = 0.9 they agree',
  async (seed) => {
    expect(await firstStepCosine(-0.9, seed)).toBeLessThan(-0.3);
    expect(await firstStepCosine(0.9, seed)).toBeGreaterThan(0.3);
  },
);

test('gate weights per task sum to 1 over the experts', async () => {
  const config = smallConfig({ tasks: 3 }, { architecture: 'mmoe', experts: 4 });
  const trainer = await createTrainer({ config, dataset: datasetFor(config), method: testEw });
  await trainer.train(5);
  const snap = await trainer.snapshot();
  trainer.dispose();
  expect(snap.gates).toHaveLength(3);
  for (const row of snap.gates!) {
    expect(row).toHaveLength(4);
    row.forEach((g) => expect(g).toBeGreaterThanOrEqual(0));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
});
