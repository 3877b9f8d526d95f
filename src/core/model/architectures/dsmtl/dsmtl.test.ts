/**
 * Deep Safe MTL's test properties (seed-systems reference §5): the gate's limits are exactly the
 * STL network and shared-bottom with the same weights, a = softmax(α) stays on the simplex, and
 * on data where one task is unrelated to the others its gate moves towards private. The batched
 * per-task gradients and the R² > 0.9 training check run for every registered architecture
 * (model/architectures.test.ts, model/training.test.ts).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../../tf';
import type { ArchitectureId } from '../../../config/schema';
import { mixedBatch, setup } from '../../gradcheck.test.helpers';
import type { ModelState } from '../../../train/modelState';
import { createTrainer } from '../../../train/trainer';
import { datasetFor, smallConfig, testEw } from '../../../train/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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

/** Fix every task's gate logits to (public, private); ±100 saturates softmax exactly in f32. */
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

describe('gate limits', () => {
  const limit = (other: ArchitectureId, from: string, to: string, gate: [number, number]) => {
    const dsmtl = setup('dsmtl').model;
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
    const { diff, mixed } = limit('stl', 'private', 'columns', [-100, 100]);
    expect(diff).toBe(0);
    expect(mixed).toBeGreaterThan(1e-3);
  });

  test('a = (1, 0) is exactly shared-bottom with the public weights', () => {
    const { diff, mixed } = limit('shared-bottom', 'public', 'trunk', [100, -100]);
    expect(diff).toBe(0);
    expect(mixed).toBeGreaterThan(1e-3);
  });
});

test('the gates start at (0.5, 0.5) and stay on the simplex', () => {
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
