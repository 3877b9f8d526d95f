/**
 * The task-aware sparse MoE's test properties (seed-systems reference §7): k = E without noise is
 * dense MMoE with the same weights, bit for bit; exactly k non-zero weights per (example, task)
 * summing to 1; unselected experts get no gradient from that pair; the Switch loss equals α
 * under uniform routing and α·E when everything goes to one expert, and its per-task shares are
 * (α E / T) Σ_e f_e P_{t,e}; task-level routing is the same for every row of a task; noise only
 * in a training step, the same for every forward of the step; batched per-task gradients equal
 * T separate ones for every router with noise on; every router reaches test R² > 0.9 on ρ = 0.8
 * data. The default router's R² and batched gradients also run in model/training.test.ts and
 * model/architectures.test.ts with every architecture.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../../tf';
import type { ModelConfig } from '../../../config/schema';
import {
  MIXED_TASKS,
  mixedBatch,
  replicatedGradients,
  separateGradients,
  tinyModelConfig,
} from '../../gradcheck.test.helpers';
import { TaskLosses } from '../../../train/losses';
import { ModelState } from '../../../train/modelState';
import { weightedGradients } from '../../../train/gradients';
import { getArchitecture } from '../../registry';
import { outputWidth } from '../../towers';
import { tappedForward } from '../../../engines/tfjs/forward';
import { createTrainer } from '../../../train/trainer';
import { datasetFor, smallConfig, testEw } from '../../../train/testing';
import { exportSafetensors, exportTfjs, importModelFile } from '../../../io';
import { trainerModelFile } from '../../../export/modelFile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ROUTERS = ['task', 'embedding', 'task-level'] as const;
const DIMS = { features: 5, tasks: MIXED_TASKS.length, outputs: MIXED_TASKS.map((t) => t.outputs) };

function moe(options: Partial<ModelConfig>, seed = 7): ModelState {
  const config = { ...tinyModelConfig('sparse-moe'), experts: 4, ...options };
  return new ModelState(getArchitecture(config.architecture), config, DIMS, seed);
}

function param(model: ModelState, name: string): tf.Variable {
  const i = model.specs.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`no parameter ${name}`);
  return model.variables[i];
}

/** The tapped values of a plain forward (gates, routing [T, B, E]) and the forward's marks. */
function tapped(model: ModelState, x: tf.Tensor2D, name: string): number[][][] {
  return tf.tidy(() => {
    const values = model.variables;
    const { taps } = tappedForward(model, values, x);
    return taps.get(name)!.arraySync() as number[][][];
  });
}

function outputs(model: ModelState, x: tf.Tensor2D): Float32Array {
  return tf.tidy(() => model.forward(model.variables, x, false).outputs.dataSync() as Float32Array);
}

test('k = E without noise equals dense MMoE with the same weights, bit for bit', () => {
  const sparse = moe({ moeK: 4, moeNoise: 'none' });
  const mmoe = new ModelState(
    getArchitecture('mmoe'),
    { ...tinyModelConfig('mmoe'), experts: 4 },
    DIMS,
    99,
  );
  expect(mmoe.specs.map((s) => s.name)).toEqual(sparse.specs.map((s) => s.name));
  mmoe.specs.forEach((s, i) => mmoe.variables[i].assign(param(sparse, s.name)));
  const batch = mixedBatch(9, 5);
  expect(Array.from(outputs(sparse, batch.x))).toEqual(Array.from(outputs(mmoe, batch.x)));
  // k = 2 of the same network is not MMoE (so the equality above can fail).
  const k2 = moe({ moeK: 2, moeNoise: 'none' });
  k2.specs.forEach((s, i) => k2.variables[i].assign(param(sparse, s.name)));
  const a = outputs(k2, batch.x);
  const b = outputs(mmoe, batch.x);
  expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-4);
  [sparse, mmoe, k2].forEach((m) => m.dispose());
});

describe.each(ROUTERS)('%s router', (moeGate) => {
  test.each([1, 2, 3])('exactly k = %i non-zero weights per (row, task), summing to 1', (k) => {
    const model = moe({ moeGate, moeK: k, moeNoise: 'noisy' });
    const batch = mixedBatch(8, 5);
    model.noiseSeed = 5; // a training step's forward: noise on
    for (const rows of tapped(model, batch.x, 'gates')) {
      for (const g of rows) {
        expect(g.filter((v) => v > 0)).toHaveLength(k);
        expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      }
    }
    // The routing tap is the 0/1 mask of the same choice.
    tapped(model, batch.x, 'routing').forEach((rows) =>
      rows.forEach((r) => expect(r.reduce((s, v) => s + v, 0)).toBe(k)),
    );
    model.dispose();
  });

  test('batched per-task gradients equal T separate ones with noise on (1e-5)', () => {
    const model = moe({ moeGate, moeNoise: 'noisy', moeBalance: 0.3 });
    const lossFns = new TaskLosses(MIXED_TASKS, outputWidth(DIMS));
    const batch = mixedBatch(12, 5);
    model.noiseSeed = 11;
    const rep = replicatedGradients(model, lossFns, batch);
    const sep = separateGradients(model, lossFns, batch);
    const diff = (a: number[], b: number[]) =>
      a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    sep.jacobian.forEach((row, t) => expect(diff(rep.jacobian[t], row)).toBeLessThan(1e-5));
    sep.jacobian.forEach((row) => expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(0));
    rep.heads.forEach((h, j) => expect(diff(h, sep.heads[j])).toBeLessThan(1e-5));
    model.dispose();
    lossFns.dispose();
  });
});

test('unselected experts get zero gradient from that (row, task)', () => {
  const model = moe({ moeK: 1, moeNoise: 'none' });
  const batch = mixedBatch(1, 5);
  const chosen = tapped(model, batch.x, 'gates').map((rows) => rows[0].findIndex((v) => v > 0));
  const kernel = model.specs.findIndex((s) => s.name === 'experts/0/kernel'); // [E, D, H]
  for (let t = 0; t < DIMS.tasks; t++) {
    const grad = tf.tidy(() => {
      const f = (...values: tf.Tensor[]) =>
        tf.sum(tf.gather(model.forward(values, batch.x, false).outputs, t));
      return tf.grads(f)(model.variables)[kernel].arraySync() as number[][][];
    });
    grad.forEach((e, i) => {
      const size = Math.max(...e.flat().map(Math.abs));
      if (i === chosen[t]) expect(size).toBeGreaterThan(0);
      else expect(size).toBe(0);
    });
  }
  model.dispose();
});

describe('Switch load-balancing loss', () => {
  /** Task-level router with logits `logits` [T][E], no noise: the forward's aux shares [T]. */
  const shares = (logits: number[][], alpha: number, k = 2): number[] => {
    const experts = logits[0].length;
    const model = moe({
      moeGate: 'task-level',
      moeNoise: 'none',
      moeBalance: alpha,
      moeK: k,
      experts,
    });
    param(model, 'gate/logits').assign(tf.tensor2d(logits));
    const batch = mixedBatch(6, 5);
    const aux = tf.tidy(() =>
      Array.from(model.forward(model.variables, batch.x, false).auxLoss!.dataSync()),
    );
    model.dispose();
    return aux;
  };
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

  test('equals α under uniform routing', () => {
    expect(
      sum(
        shares(
          [0, 0, 0].map(() => [0, 0, 0, 0]),
          0.01,
        ),
      ),
    ).toBeCloseTo(0.01, 8);
    // Each task on an expert of its own: no task is uniform, the decisions as a whole are.
    const spread = [
      [3, 0, 0],
      [0, 3, 0],
      [0, 0, 3],
    ];
    expect(sum(shares(spread, 0.2, 1))).toBeCloseTo(0.2, 6);
    // Two tasks on one expert is not uniform: more than α.
    expect(sum(shares([spread[0], spread[0], spread[2]], 0.2, 1))).toBeGreaterThan(0.21);
  });

  test('equals α·E when every decision and all probability go to one expert', () => {
    const one = [0, 0, 0].map(() => [200, 0, 0, 0]);
    expect(sum(shares(one, 0.01, 1))).toBeCloseTo(0.04, 6);
  });

  test('per-task shares are (α E / T) Σ_e f_e P_{t,e}, f over every decision', () => {
    const logits = [
      [1, 0.5, -1, 0],
      [0.2, 2, 0, -0.5],
      [3, -1, 0.1, 0.4],
    ];
    const alpha = 0.5;
    const E = 4;
    const T = 3;
    const probs = logits.map((row) => {
      const z = row.map(Math.exp);
      const s = sum(z);
      return z.map((v) => v / s);
    });
    const f = new Array<number>(E).fill(0);
    probs.forEach((p) => (f[p.indexOf(Math.max(...p))] += 1 / T));
    const expected = probs.map((p) => ((alpha * E) / T) * sum(p.map((v, e) => v * f[e])));
    shares(logits, alpha).forEach((v, t) => expect(v).toBeCloseTo(expected[t], 6));
  });

  test('is added to each task training loss', () => {
    const model = moe({ moeBalance: 0.5, moeNoise: 'none' });
    const lossFns = new TaskLosses(MIXED_TASKS, outputWidth(DIMS));
    const batch = mixedBatch(10, 5);
    const [training, plain, aux] = tf.tidy(() => {
      const g = weightedGradients(model, lossFns, batch, tf.ones([3]));
      const out = model.forward(model.variables, batch.x, false);
      return [g.losses, lossFns.perTask(out.outputs, batch.y, batch.mask), out.auxLoss!].map((t) =>
        Array.from(t.dataSync()),
      );
    });
    expect(Math.min(...aux)).toBeGreaterThan(0);
    training.forEach((v, t) => expect(v).toBeCloseTo(plain[t] + aux[t], 6));
    model.dispose();
    lossFns.dispose();
  });
});

test('task-level routing: the gate output is the same for every row of a task', () => {
  const model = moe({ moeGate: 'task-level', moeNoise: 'none' });
  const batch = mixedBatch(7, 5);
  for (const rows of tapped(model, batch.x, 'gates')) {
    rows.forEach((g) => expect(g).toEqual(rows[0]));
  }
  model.dispose();
});

test('noise only in a training step, the same draw for every forward of the step', () => {
  const model = moe({ moeNoise: 'noisy' });
  const batch = mixedBatch(8, 5);
  const evaluation = Array.from(outputs(model, batch.x));
  expect(Array.from(outputs(model, batch.x))).toEqual(evaluation);
  model.noiseSeed = 3;
  const step = Array.from(outputs(model, batch.x));
  expect(Array.from(outputs(model, batch.x))).toEqual(step);
  expect(step).not.toEqual(evaluation);
  model.noiseSeed = 4;
  expect(Array.from(outputs(model, batch.x))).not.toEqual(step);
  model.dispose();
});

describe.each(ROUTERS)('%s router on rho = 0.8 data', (moeGate) => {
  test('reaches test R² > 0.9 on every task; gates and routing reported', async () => {
    const cfg = smallConfig(
      { features: 8, samples: 1500, rho: 0.8, noise: 0.01 },
      { architecture: 'sparse-moe', hidden: [16], tower: [8], experts: 4, moeGate },
      { batchSize: 32, learningRate: 1e-2 },
    );
    const trainer = await createTrainer({ config: cfg, dataset: datasetFor(cfg), method: testEw });
    await trainer.train(150);
    const metrics = await trainer.evaluate('test');
    const snap = await trainer.snapshot();
    trainer.dispose();
    console.log(`sparse-moe ${moeGate}: R² ${metrics.map((m) => m.r2!.toFixed(3)).join(' ')}`);
    metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.9));
    snap.gates!.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    // The gating view's routing: every test example goes to exactly k = 2 of the 4 experts.
    snap.routing!.usage.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 5));
    const alpha = cfg.model.moeBalance;
    expect(snap.routing!.balanceLoss).toBeGreaterThan(0);
    expect(snap.routing!.balanceLoss).toBeLessThanOrEqual(alpha * 4 + 1e-7);
  });
});

test.each(['safetensors', 'tfjs'] as const)(
  'weights exported as %s and imported into a fresh run predict the same',
  async (format) => {
    const cfg = smallConfig(
      { features: 6, samples: 300 },
      { architecture: 'sparse-moe', hidden: [8], tower: [4], experts: 4, moeGate: 'embedding' },
      { batchSize: 32, learningRate: 1e-2 },
    );
    const dataset = datasetFor(cfg);
    const trained = await createTrainer({ config: cfg, dataset, method: testEw });
    await trained.train(20);
    const file = await trainerModelFile(trained, cfg);
    const expected = await trained.predict('test');
    trained.dispose();
    const input = format === 'safetensors' ? exportSafetensors(file) : exportTfjs(file);
    const read = importModelFile(input);
    if (!read.ok) throw new Error(read.message);
    const fresh = await createTrainer({
      config: { ...cfg, train: { ...cfg.train, weightSeed: 99 } },
      dataset,
      method: testEw,
    });
    const before = await fresh.predict('test');
    await fresh.importWeights(read.file.tensors);
    const after = await fresh.predict('test');
    fresh.dispose();
    expect(after).toEqual(expected);
    expect(before).not.toEqual(expected);
  },
);
