/**
 * Live settings (config/liveSettings.ts): a learning-rate change reaches the optimizer of the
 * running trainer at its next chunk, on the tfjs engine and on the fused wasm engine, keeping the
 * step and the weights; which config changes are live and which need a new run; a bad method
 * option is rejected before anything changes.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { configChange, LIVE_FIELDS } from '../config/liveSettings';
import type { LabConfig } from '../config/schema';
import { createEngineTrainer } from '../engines/trainer';
import { wasmFusedEngine } from '../engines/wasm-fused/engine';
import { getMethod } from '../methods/registry';
import type { Trainer } from './api';
import { EngineFusedAdam } from '../engines/webgpu/fusedOptimizer';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';
import type { WeightEntry } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LR = 0.01;

function config(method = 'ew'): LabConfig {
  return smallConfig(
    { tasks: 2, features: 5, samples: 300 },
    { hidden: [12], tower: [6] },
    { batchSize: 32, learningRate: LR, method },
  );
}

const flat = (weights: WeightEntry[]) => weights.flatMap((w) => Array.from(w.values));

/** Sum of |after − before| over every weight. */
function change(before: WeightEntry[], after: WeightEntry[]): number {
  const a = flat(before);
  return flat(after).reduce((sum, v, i) => sum + Math.abs(v - a[i]), 0);
}

type Build = (c: LabConfig) => Promise<Trainer>;
const engines: [string, Build][] = [
  ['tfjs (cpu)', (c) => createTrainer({ config: c, dataset: datasetFor(c) })],
  [
    'wasm-fused',
    (c) =>
      createEngineTrainer(wasmFusedEngine, {
        config: c,
        dataset: datasetFor(c),
        method: getMethod(c.train.method),
      }),
  ],
];

describe.each(engines)('a learning-rate change on %s', (_name, build) => {
  test('keeps the step and weights, and scales the next update by the new rate', async () => {
    const c = config();
    const changed = await build(c);
    const reference = await build(c);
    try {
      await changed.train(6);
      await reference.train(6);
      const before = await changed.exportWeights();
      changed.updateSettings({ learningRate: LR / 10 });
      // Nothing moves until the next chunk.
      expect(changed.step).toBe(6);
      expect(flat(await changed.exportWeights())).toEqual(flat(before));
      await changed.train(1);
      await reference.train(1);
      expect(changed.step).toBe(7);
      const small = change(before, await changed.exportWeights());
      const full = change(before, await reference.exportWeights());
      // Same moments and batch: Adam's step is lr·m̂/(√v̂ + ε), so the update is a tenth.
      expect(small / full).toBeCloseTo(0.1, 3);
      expect((await changed.snapshot()).learningRate).toBe(LR / 10);
    } finally {
      changed.dispose();
      reference.dispose();
    }
  });
});

test('the fused WebGPU Adam (its tf fallback here) takes a new rate, keeping its moments', () => {
  const make = () => {
    const variables = [
      tf.variable(
        tf.tensor2d([
          [0.5, -0.25],
          [1, 2],
        ]),
      ),
    ];
    const specs = [{ name: 'w', shape: [2, 2], shared: true }] as never;
    return {
      variables,
      adam: new EngineFusedAdam({ variables, specs, learningRate: LR, tasks: 1 }),
    };
  };
  const changed = make();
  const reference = make();
  const grad = tf.tensor2d([
    [0.3, -0.1],
    [0.05, 0.2],
  ]);
  for (const run of [changed, reference]) for (let i = 0; i < 3; i++) run.adam.apply([grad]);
  const before = Array.from(changed.variables[0].dataSync());
  changed.adam.setLearningRate(LR / 4);
  changed.adam.apply([grad]);
  reference.adam.apply([grad]);
  changed.adam.writeBack();
  reference.adam.writeBack();
  const delta = (v: tf.Variable) => Array.from(v.dataSync(), (x, i) => x - before[i]);
  const small = delta(changed.variables[0]);
  delta(reference.variables[0]).forEach((full, i) => expect(small[i] / full).toBeCloseTo(0.25, 4));
  expect(changed.adam.updates).toBe(4);
  for (const run of [changed, reference]) {
    run.adam.dispose();
    tf.dispose(run.variables);
  }
  grad.dispose();
});

test('a method option change applies at the next chunk; a bad one is rejected, changing nothing', async () => {
  const c = config('cagrad');
  const trainer = await createTrainer({ config: c, dataset: datasetFor(c) });
  try {
    await trainer.train(3);
    expect(() => trainer.updateSettings({ methodOptions: { c: -1 } })).toThrow(/c/);
    trainer.updateSettings({ methodOptions: { c: 0.9 } });
    await trainer.train(2);
    expect(trainer.step).toBe(5);
    expect((await trainer.snapshot()).diverged).toBe(false);
  } finally {
    trainer.dispose();
  }
});

describe('configChange', () => {
  const base = config();
  test('the schema marks the learning rate and the method options live', () => {
    expect([...LIVE_FIELDS].sort()).toEqual(['learningRate', 'methodOptions']);
  });
  test('learning rate and method options are live; both are reported', () => {
    const to = structuredClone(base);
    to.train.learningRate = 0.003;
    to.train.methodOptions = { x: 1 };
    expect(configChange(base, to)).toEqual({
      kind: 'live',
      settings: { learningRate: 0.003, methodOptions: { x: 1 } },
      fields: ['train.methodOptions', 'train.learningRate'],
    });
  });
  test('anything else needs a new run, and names the field', () => {
    const method = structuredClone(base);
    method.train.method = 'uw';
    method.train.learningRate = 0.003;
    expect(configChange(base, method)).toEqual({ kind: 'rebuild', field: 'train.method' });
    const hidden = structuredClone(base);
    hidden.model.hidden = [4];
    expect(configChange(base, hidden)).toEqual({ kind: 'rebuild', field: 'model.hidden' });
    const data = structuredClone(base);
    data.data.seed += 1;
    expect(configChange(base, data)).toEqual({ kind: 'rebuild', field: 'data.seed' });
    expect(configChange(base, structuredClone(base))).toEqual({ kind: 'none' });
  });
});
