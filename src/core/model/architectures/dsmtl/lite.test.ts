/**
 * Deep Safe MTL's hard "lite" gate (v3; seed-systems reference §5 test properties): a hard Gumbel
 * sample is one-hot forward with the soft sample's gradient; evaluation picks private exactly when
 * p ≥ 0.5; the forward is exactly one encoder per task (the STL network or shared-bottom with the
 * same weights); batched per-task gradients equal T separate ones inside a training step; and the
 * gate's α learns.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../../../tf';
import { hardGate } from '../../../engines/tfjs/hardGate';
import {
  MIXED_TASKS,
  mixedBatch,
  replicatedGap,
  setup,
  tinyModelConfig,
} from '../../gradcheck.test.helpers';
import { TaskLosses } from '../../../train/losses';
import { ModelState } from '../../../train/modelState';
import { getArchitecture } from '../../registry';
import { outputWidth } from '../../towers';
import { createTrainer } from '../../../train/trainer';
import { datasetFor, smallConfig, testEw } from '../../../train/testing';
import { LITE_TEMPERATURE } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TAU = LITE_TEMPERATURE;
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** α [T, B = 2, 1] with one value per task. */
const alphas = (values: number[]) =>
  tf.tensor3d(
    values.flatMap((a) => [a, a]),
    [values.length, 2, 1],
  );

test('a hard sample is one-hot forward and passes the soft sample’s gradient', () => {
  const values = [-0.8, -0.05, 0.3, 1.7];
  const seed = 1234;
  // The engine's draw: one Logistic(0, 1) per task from the step's seed.
  const u = tf.randomUniform([4, 1, 1], 1e-7, 1 - 1e-7, 'float32', seed).dataSync();
  const noise = Array.from(u, (p) => Math.log(p) - Math.log1p(-p));
  const weights = tf.tensor3d(
    values.flatMap((_, t) => [t + 1, -(t + 1), t + 1, -(t + 1)]),
    [4, 2, 2],
  );
  const f = (a: tf.Tensor) => tf.sum(tf.mul(hardGate(a, TAU, seed), weights));
  const gates = hardGate(alphas(values), TAU, seed).arraySync() as number[][][];
  const grad = tf.grad(f)(alphas(values)).arraySync() as number[][][];
  values.forEach((a, t) => {
    const s = a + noise[t] > 0 ? 1 : 0;
    for (const row of gates[t]) expect(row).toEqual([1 - s, s]); // exactly one-hot
    // d/dα of Σ w·(1 − s, s) with w = (t+1, −(t+1)): −2(t+1) · soft′ per row.
    const soft = sigmoid((a + noise[t]) / TAU);
    const expected = -2 * (t + 1) * ((soft * (1 - soft)) / TAU);
    for (const row of grad[t]) expect(row[0]).toBeCloseTo(expected, 3);
  });
  // The draw matters: some task's sample differs from the noiseless rule (else the test is weak).
  expect(values.some((a, t) => a + noise[t] > 0 !== a >= 0)).toBe(true);
});

test('evaluation: private exactly when p = sigmoid(α) ≥ 0.5, with the noiseless soft gradient', () => {
  const values = [-0.3, -1e-6, 0, 0.2];
  const gates = hardGate(alphas(values), TAU, null).arraySync() as number[][][];
  expect(gates.map((rows) => rows[0])).toEqual([
    [1, 0],
    [1, 0],
    [0, 1],
    [0, 1],
  ]);
  const grad = tf
    .grad((a: tf.Tensor) => tf.sum(tf.slice(hardGate(a, TAU, null), [0, 0, 1], [-1, -1, 1])))(
      alphas(values),
    )
    .arraySync() as number[][][];
  values.forEach((a, t) => {
    const soft = sigmoid(a / TAU);
    expect(grad[t][0][0]).toBeCloseTo((soft * (1 - soft)) / TAU, 4);
  });
});

function liteModel(): { model: ModelState; lossFns: TaskLosses } {
  const dims = {
    features: 5,
    tasks: MIXED_TASKS.length,
    outputs: MIXED_TASKS.map((t) => t.outputs),
  };
  const config = { ...tinyModelConfig('dsmtl'), safeGate: 'lite' as const };
  const model = new ModelState(getArchitecture('dsmtl'), config, dims, 7);
  return { model, lossFns: new TaskLosses(MIXED_TASKS, outputWidth(dims)) };
}

function variable(model: ModelState, name: string): tf.Variable {
  const i = model.specs.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`no parameter ${name}`);
  return model.variables[i] as tf.Variable;
}

test('one encoder per task: α ≥ 0 is exactly the STL network, α < 0 exactly shared-bottom', () => {
  const { model: lite } = liteModel();
  expect(variable(lite, 'gate/logits').shape).toEqual([MIXED_TASKS.length, 1]);
  const batch = mixedBatch(9, 5);
  const out = (m: ModelState) =>
    tf.tidy(() => Array.from(m.forward(m.variables, batch.x, false).outputs.dataSync()));
  const copied = (other: 'stl' | 'shared-bottom', from: string, to: string) => {
    const base = setup(other, 5, 99).model;
    base.specs.forEach((spec, i) => {
      const name = spec.name.startsWith(`${to}/`)
        ? spec.name.replace(`${to}/`, `${from}/`)
        : spec.name;
      (base.variables[i] as tf.Variable).assign(tf.reshape(variable(lite, name), spec.shape));
    });
    const o = out(base);
    base.dispose();
    return o;
  };
  const T = MIXED_TASKS.length;
  variable(lite, 'gate/logits').assign(tf.fill([T, 1], 0)); // p = 0.5: private (p ≥ 0.5)
  expect(out(lite)).toEqual(copied('stl', 'private', 'columns'));
  variable(lite, 'gate/logits').assign(tf.fill([T, 1], -0.01));
  expect(out(lite)).toEqual(copied('shared-bottom', 'public', 'trunk'));
  tf.dispose([batch.x, batch.y, batch.mask]);
  lite.dispose();
});

test('inside a training step: batched per-task gradients equal T separate backwards (same draw)', () => {
  const { model, lossFns } = liteModel();
  model.noiseSeed = 99;
  const batch = mixedBatch(12, 5);
  const { gap, zeroRows } = replicatedGap(model, lossFns, batch);
  expect(gap).toBeLessThan(1e-5);
  // A task whose sample is private has no gradient on the public encoder: only some rows are 0.
  expect(zeroRows).toBeLessThan(MIXED_TASKS.length);
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
  lossFns.dispose();
});

test('the lite form trains: α moves, no NaN, every task’s test R² > 0.9 on ρ = 0.8 data', async () => {
  const cfg = smallConfig(
    { features: 8, samples: 1500, rho: 0.8, noise: 0.01 },
    { architecture: 'dsmtl', hidden: [16], tower: [8], safeGate: 'lite' },
    { batchSize: 32, learningRate: 1e-2 },
  );
  const trainer = await createTrainer({ config: cfg, dataset: datasetFor(cfg), method: testEw });
  await trainer.train(600);
  const weights = await trainer.exportWeights();
  const alpha = weights.find((w) => w.name === 'gate/logits')!;
  expect(Array.from(alpha.values).some((a) => Math.abs(a) > 1e-3)).toBe(true);
  const metrics = await trainer.evaluate('test');
  trainer.dispose();
  console.log(
    `lite: α ${Array.from(alpha.values)
      .map((a) => a.toFixed(3))
      .join(' ')}; R² ${metrics.map((m) => m.r2!.toFixed(3)).join(' ')}`,
  );
  metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.9));
}, 120_000);
