/**
 * Deep Safe MTL's test properties (seed-systems reference §5): the gate's limits are exactly the
 * STL network and shared-bottom with the same weights (both gate forms), a = softmax(α) stays on
 * the simplex, sigmoid gates are independent, the sigmoid form's batched per-task gradients equal
 * T separate ones, and
 * on data where one task is unrelated to the others its gate moves towards private. The batched
 * per-task gradients and the R² > 0.9 training check run for every registered architecture
 * (model/architectures.test.ts, model/training.test.ts).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../../tf';
import type { ArchitectureId } from '../../../config/schema';
import type { ModelConfig } from '../../../config/schema';
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

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type SafeGate = ModelConfig['safeGate'];

/** The tiny DSMTL of the gradient checks with the gate form `safeGate`. */
function dsmtlModel(safeGate: SafeGate): { model: ModelState; lossFns: TaskLosses } {
  const dims = {
    features: 5,
    tasks: MIXED_TASKS.length,
    outputs: MIXED_TASKS.map((t) => t.outputs),
  };
  const config = { ...tinyModelConfig('dsmtl'), safeGate };
  const model = new ModelState(getArchitecture('dsmtl'), config, dims, 7);
  return { model, lossFns: new TaskLosses(MIXED_TASKS, outputWidth(dims)) };
}

function values(model: ModelState, name: string): tf.Tensor {
  const i = model.specs.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`no parameter ${name}`);
  return model.variables[i];
}

/** Copy DSMTL's parameters `from/*` (reshaped) onto `other`'s `to/*`, and the towers as they are. */
function copyInto(dsmtl: ModelState, other: ModelState, from: string, to: string): void {
  other.specs.forEach((spec, i) => {
    const source = spec.name.startsWith(`${to}/`)
      ? values(dsmtl, spec.name.replace(`${to}/`, `${from}/`))
      : values(dsmtl, spec.name);
    (other.variables[i] as tf.Variable).assign(tf.reshape(source, spec.shape));
  });
}

/** Fix every task's gate logits to (public, private); ±200 saturates softmax and sigmoid exactly in f32. */
function fixGate(model: ModelState, publicLogit: number, privateLogit: number): void {
  const T = model.dims.tasks;
  const gate = values(model, 'gate/logits') as tf.Variable;
  gate.assign(tf.tensor2d(Array.from({ length: T }, () => [publicLogit, privateLogit])));
}

function outputs(model: ModelState, x: tf.Tensor2D): number[] {
  return tf.tidy(() => Array.from(model.forward(model.variables, x, false).outputs.dataSync()));
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe.each(['softmax', 'sigmoid'] as const)('%s gate limits', (safeGate) => {
  const limit = (other: ArchitectureId, from: string, to: string, gate: [number, number]) => {
    const dsmtl = dsmtlModel(safeGate).model;
    const base = setup(other, 5, 99).model; // other weights, overwritten below
    const batch = mixedBatch(9, 5);
    copyInto(dsmtl, base, from, to);
    const before = outputs(base, batch.x);
    fixGate(dsmtl, ...gate);
    const diff = maxAbsDiff(outputs(dsmtl, batch.x), before);
    // The half-and-half gate of the start is neither limit (so the check above can fail).
    fixGate(dsmtl, 0, 0);
    const mixed = maxAbsDiff(outputs(dsmtl, batch.x), before);
    tf.dispose([batch.x, batch.y, batch.mask]);
    dsmtl.dispose();
    base.dispose();
    return { diff, mixed };
  };

  test('a = (0, 1) is exactly the STL network with the private weights', () => {
    const { diff, mixed } = limit('stl', 'private', 'columns', [-200, 200]);
    expect(diff).toBe(0);
    expect(mixed).toBeGreaterThan(1e-3);
  });

  test('a = (1, 0) is exactly shared-bottom with the public weights', () => {
    const { diff, mixed } = limit('shared-bottom', 'public', 'trunk', [200, -200]);
    expect(diff).toBe(0);
    expect(mixed).toBeGreaterThan(1e-3);
  });
});

test('softmax gates start at (0.5, 0.5) and stay on the simplex', () => {
  const { model } = setup('dsmtl');
  const batch = mixedBatch(6, 5);
  const gates = (): number[][] =>
    tf.tidy(() => model.forward(model.variables, batch.x, false).gates!.arraySync() as number[][]);
  gates().forEach((row) => row.forEach((a) => expect(a).toBe(0.5)));
  (values(model, 'gate/logits') as tf.Variable).assign(
    tf.tensor2d([
      [2, -1],
      [0.3, 0.1],
      [-4, 5],
    ]),
  );
  const expected = [
    [2, -1],
    [0.3, 0.1],
    [-4, 5],
  ].map(([a, b]) => [1 / (1 + Math.exp(b - a)), 1 / (1 + Math.exp(a - b))]);
  gates().forEach((row, t) => {
    expect(row[0] + row[1]).toBeCloseTo(1, 6);
    row.forEach((a, k) => expect(a).toBeCloseTo(expected[t][k], 6));
  });
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
});

test('sigmoid gates start at sigmoid(0.5) ≈ 0.62 each and are independent', () => {
  const { model, lossFns } = dsmtlModel('sigmoid');
  const batch = mixedBatch(6, 5);
  const gates = (): number[][] =>
    tf.tidy(() => model.forward(model.variables, batch.x, false).gates!.arraySync() as number[][]);
  const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
  gates().forEach((row) => row.forEach((a) => expect(a).toBeCloseTo(sigmoid(0.5), 6)));
  const logits = [
    [2, -1],
    [0.3, 0.1],
    [-4, 5],
  ];
  (values(model, 'gate/logits') as tf.Variable).assign(tf.tensor2d(logits));
  gates().forEach((row, t) =>
    row.forEach((a, k) => expect(a).toBeCloseTo(sigmoid(logits[t][k]), 6)),
  );
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
  lossFns.dispose();
});

test('sigmoid gates: replicated per-task gradients equal T separate backwards', () => {
  const { model, lossFns } = dsmtlModel('sigmoid');
  const batch = mixedBatch(12, 5);
  const { gap, zeroRows } = replicatedGap(model, lossFns, batch);
  expect(gap).toBeLessThan(1e-5);
  expect(zeroRows).toBe(0); // every task reaches the shared parameters
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
  lossFns.dispose();
});

test('the sigmoid form trains on rho = 0.8 data to test R² > 0.9 on every task', async () => {
  const cfg = smallConfig(
    { features: 8, samples: 1500, rho: 0.8, noise: 0.01 },
    { architecture: 'dsmtl', hidden: [16], tower: [8], safeGate: 'sigmoid' },
    { batchSize: 32, learningRate: 1e-2 },
  );
  const trainer = await createTrainer({ config: cfg, dataset: datasetFor(cfg), method: testEw });
  await trainer.train(150);
  const metrics = await trainer.evaluate('test');
  trainer.dispose();
  console.log(`sigmoid gates: R² ${metrics.map((m) => m.r2!.toFixed(3)).join(' ')}`);
  metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.9));
}, 60_000);

// Tasks 1-3 are related (cos 0.9 between weight vectors); task 4 is unrelated (0) and noisy. A
// narrow encoder (4 units) makes the public one serve the related majority. Measured (5 seeds,
// 300 steps): task 4's private share 0.62-0.73; the related tasks' gates drift too (0.28-0.83),
// so only the stated property is asserted, not "related tasks stay public".
test.each([1, 2, 3, 4, 5])(
  'seed %i: the unrelated task’s gate moves towards private',
  async (seed) => {
    const cfg = smallConfig(
      { tasks: 4, features: 8, samples: 1500, rho: 0.9, noise: 0.01, seed },
      { architecture: 'dsmtl', hidden: [4], tower: [8] },
      { batchSize: 32, learningRate: 1e-2, weightSeed: seed },
    );
    cfg.data.correlation = [
      [1, 0.9, 0.9, 0],
      [0.9, 1, 0.9, 0],
      [0.9, 0.9, 1, 0],
      [0, 0, 0, 1],
    ];
    cfg.data.taskSpecs[3] = { ...cfg.data.taskSpecs[3], noise: 0.3 };
    const trainer = await createTrainer({ config: cfg, dataset: datasetFor(cfg), method: testEw });
    await trainer.train(300);
    const gates = (await trainer.snapshot()).gates!;
    trainer.dispose();
    console.log(`seed ${seed}: private share ${gates.map((g) => g[1].toFixed(3)).join(' ')}`);
    expect(gates[3][1]).toBeGreaterThan(0.5);
  },
  60_000,
);
