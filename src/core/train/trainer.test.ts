import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { tf } from '../tf';
import { createTrainer } from './trainer';
import { datasetFor, gramRecorder, smallConfig, testEw } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const config = smallConfig(
  { features: 8, samples: 600 },
  { hidden: [16], tower: [8] },
  { batchSize: 32 },
);
const dataset = datasetFor(config);

describe('memory', () => {
  test.each([
    ['EW', testEw, 0],
    ['EW with conflict probe', testEw, 5],
    ['Gram method', gramRecorder().def, 0],
  ] as const)(
    '%s: tensor count flat across steps, back to baseline after dispose',
    async (_, method, probe) => {
      const start = tf.memory().numTensors;
      const trainer = await createTrainer({
        config,
        dataset,
        method,
        options: { conflictEvery: probe, testLossEvery: 1 },
      });
      await trainer.train(10);
      await trainer.snapshot();
      const at10 = tf.memory().numTensors;
      await trainer.train(190);
      await trainer.snapshot();
      expect(trainer.step).toBe(200);
      expect(tf.memory().numTensors).toBe(at10);
      await trainer.evaluate('test');
      await trainer.predict('train');
      await trainer.importWeights(await trainer.exportWeights());
      expect(tf.memory().numTensors).toBe(at10);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(start);
    },
  );
});

test('an EW step reads nothing back from the device', async () => {
  const trainer = await createTrainer({ config, dataset, method: testEw });
  await trainer.train(2); // warm-up: first permutation upload
  const proto = tf.Tensor.prototype;
  const spies = [
    vi.spyOn(proto, 'data'),
    vi.spyOn(proto, 'dataSync'),
    vi.spyOn(proto, 'array'),
    vi.spyOn(proto, 'arraySync'),
  ];
  await trainer.train(20);
  spies.forEach((s) => expect(s).not.toHaveBeenCalled());
  vi.restoreAllMocks();
  const readSpy = vi.spyOn(proto, 'data');
  await trainer.snapshot();
  expect(readSpy).toHaveBeenCalledTimes(1); // one packed readback per snapshot
  trainer.dispose();
});

test('a Gram method reads back once per step and gets G = J Jᵀ with matching losses', async () => {
  const rec = gramRecorder();
  const trainer = await createTrainer({
    config,
    dataset,
    method: rec.def,
    options: { testLossEvery: 1 },
  });
  const readSpy = vi.spyOn(tf.Tensor.prototype, 'data');
  await trainer.train(5);
  expect(readSpy).toHaveBeenCalledTimes(5);
  expect(rec.grams).toHaveLength(5);
  const T = 3;
  for (const G of rec.grams) {
    for (let i = 0; i < T; i++) {
      expect(G[i * T + i]).toBeGreaterThan(0);
      for (let j = 0; j < T; j++) expect(G[i * T + j]).toBeCloseTo(G[j * T + i], 5);
    }
  }
  vi.restoreAllMocks();
  const snap = await trainer.snapshot();
  // Weights 1/n_i are what the method returned for the last step.
  const last = rec.grams[4];
  snap.methodWeights!.forEach((w, i) => expect(w).toBeCloseTo(1 / Math.sqrt(last[i * T + i]), 4));
  expect(snap.conflict?.step).toBe(4);
  expect(snap.conflict?.norms[0]).toBeCloseTo(Math.sqrt(last[0]), 4);
  // The snapshot's train loss is the mean of the per-step losses the method saw.
  const mean = [0, 1, 2].map((t) => rec.losses.reduce((a, l) => a + l[t], 0) / rec.losses.length);
  snap.trainLoss.forEach((l, t) => expect(l).toBeCloseTo(mean[t], 4));
  trainer.dispose();
});

test('snapshot averages since the previous one; evaluate, predict and weights agree', async () => {
  const trainer = await createTrainer({
    config,
    dataset,
    method: testEw,
    options: { testLossEvery: 1 },
  });
  await trainer.train(30);
  const first = await trainer.snapshot();
  expect(first.step).toBe(30);
  expect(first.epoch).toBe(Math.floor(30 / trainer.stepsPerEpoch));
  first.trainLoss.forEach((l) => expect(l).toBeGreaterThan(0));
  const empty = await trainer.snapshot();
  empty.trainLoss.forEach((l) => expect(l).toBeNaN());
  expect(first.diverged).toBe(false);

  const metrics = await trainer.evaluate('test');
  const preds = await trainer.predict('test');
  expect(preds).toHaveLength(dataset.test.rows);
  // MSE recomputed from predictions equals the evaluated loss and the device-side test loss.
  metrics.forEach((m, t) => {
    let sse = 0;
    preds.forEach((row, r) => (sse += (row[t] - dataset.test.y[r * 3 + t]) ** 2));
    expect(m.loss).toBeCloseTo(sse / preds.length, 5);
    expect(empty.testLoss[t]).toBeCloseTo(m.loss, 4);
    expect(m.r2).toBeLessThanOrEqual(m.explainedVariance! + 1e-12);
  });

  const saved = await trainer.exportWeights();
  expect(saved.map((w) => w.name)).toContain('trunk/0/kernel');
  await trainer.train(20);
  const moved = await trainer.predict('test');
  expect(moved[0][0]).not.toBe(preds[0][0]);
  await trainer.importWeights(saved);
  expect(await trainer.predict('test')).toEqual(preds);
  await expect(trainer.importWeights(saved.slice(1))).rejects.toThrow(
    /missing weight "trunk\/0\/kernel"/,
  );
  trainer.dispose();
  await expect(trainer.train(1)).rejects.toThrow(/disposed/);
});

test('the same seeds give the same run', async () => {
  const run = async () => {
    const trainer = await createTrainer({ config, dataset, method: testEw });
    await trainer.train(25);
    const p = await trainer.predict('test');
    trainer.dispose();
    return p;
  };
  expect(await run()).toEqual(await run());
});

test('a NaN parameter marks the snapshot diverged, and it stays so', async () => {
  const trainer = await createTrainer({ config, dataset, method: testEw });
  await trainer.train(3);
  expect((await trainer.snapshot()).diverged).toBe(false);
  const weights = await trainer.exportWeights();
  weights[0].values[0] = NaN;
  await trainer.importWeights(weights);
  await trainer.train(1);
  const snap = await trainer.snapshot();
  expect(snap.diverged).toBe(true);
  snap.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(false));
  trainer.dispose();
});

test('a Step while paused refreshes the conflict probe and the test loss off their cadence', async () => {
  const trainer = await createTrainer({
    config,
    dataset,
    method: testEw,
    options: { conflictEvery: 10, testLossEvery: 50 },
  });
  await trainer.train(3);
  const first = await trainer.snapshot();
  expect(first.conflict?.step).toBe(0);
  expect(first.testStep).toBe(3);
  // Plain steps keep the cadence: no new probe at step 3, the test loss stays at step 3.
  await trainer.train(1);
  const plain = await trainer.snapshot();
  expect(plain.conflict?.step).toBe(0);
  expect(plain.testStep).toBe(3);
  // A Step pressed while paused: probe on the step it trains, test loss at the new step.
  await trainer.train(1, true);
  const fresh = await trainer.snapshot();
  expect(fresh.conflict?.step).toBe(4);
  expect(fresh.testStep).toBe(5);
  expect(fresh.testLoss).not.toEqual(plain.testLoss);
  trainer.dispose();
});
