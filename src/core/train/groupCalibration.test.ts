/**
 * FULLER's intra calibration in the engine (seed-systems §9 "Test properties"): after it the group
 * encoders' gradient norms are equal (to the mean of the norms before), directions within each
 * group are unchanged, one group is the identity; and the group encoders train on ρ = 0.8 data.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import type { FeatureGroup, ModelConfig } from '../config/schema';
import { mixedBatch, MIXED_TASKS, tinyModelConfig } from '../model/gradcheck.test.helpers';
import { tappedForward } from '../engines/tfjs/forward';
import { ENCODINGS_TAP } from '../model/featureGroups';
import { wasmFusedEngine } from '../engines/wasm-fused/engine';
import { fusedTestConfig, worstRelative } from '../engines/wasm-fused/testing';
import { createEngineTrainer } from '../engines/trainer';
import { getMethod } from '../methods/registry';
import { getArchitecture } from '../model/registry';
import { outputWidth } from '../model/towers';
import type { MethodResult } from '../methods/types';
import { groupParameters } from './groupCalibration';
import { TaskLosses } from './losses';
import { ModelState } from './modelState';
import { representationGradients, representationUpdate } from './representation';
import { datasetFor, smallConfig } from './testing';
import { createTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const GROUPS: FeatureGroup[] = [
  { name: 'a', columns: [0, 1, 2] },
  { name: 'b', columns: [4] },
  { name: 'c', columns: [3, 5] },
];

function setup(architecture: ModelConfig['architecture'], groups: FeatureGroup[]) {
  const dims = { features: 7, tasks: 3, outputs: MIXED_TASKS.map((t) => t.outputs) };
  const config = { ...tinyModelConfig(architecture), featureGroups: groups, groupWidth: 3 };
  const model = new ModelState(getArchitecture(architecture), config, dims, 5);
  return { model, lossFns: new TaskLosses(MIXED_TASKS, outputWidth(dims)) };
}

const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

/** The grads of one R-mode update with and without intra calibration, and the reported norms. */
function updates(architecture: ModelConfig['architecture'], groups: FeatureGroup[]) {
  const { model, lossFns } = setup(architecture, groups);
  const batch = mixedBatch(12, 7);
  const base: MethodResult = {
    weights: Float64Array.of(1, 0.5, 2),
    headWeights: Float64Array.of(1, 1, 1),
  };
  let norms: number[] | null = null;
  const read = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
  let plain: number[][] = [];
  let calibrated: number[][] = [];
  tf.tidy(() => {
    const g = representationGradients(model, lossFns, batch);
    plain = read(representationUpdate(model, batch, g, base));
    const withGroups = { ...base, calibrateGroups: true };
    calibrated = read(
      representationUpdate(model, batch, g, withGroups, (n) => {
        norms = Array.from(n.dataSync());
      }),
    );
  });
  const sets = groupParameters(model.specs);
  tf.dispose([batch.x, batch.y, batch.mask]);
  model.dispose();
  lossFns.dispose();
  return { plain, calibrated, norms: norms as number[] | null, sets };
}

test.each(['shared-bottom', 'mmoe'] as const)(
  '%s: calibrated group norms are equal to the mean, directions unchanged, the rest untouched',
  (architecture) => {
    const { plain, calibrated, norms, sets } = updates(architecture, GROUPS);
    expect(sets).toHaveLength(3);
    const groupNorm = (grads: number[][], m: number) => norm(sets[m].flatMap((i) => grads[i]));
    const before = sets.map((_, m) => groupNorm(plain, m));
    const after = sets.map((_, m) => groupNorm(calibrated, m));
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    expect(Math.max(...before) / Math.min(...before)).toBeGreaterThan(1.1);
    after.forEach((n) => expect(n / mean).toBeCloseTo(1, 5));
    sets.forEach((indices) => {
      const a = indices.flatMap((i) => plain[i]);
      const b = indices.flatMap((i) => calibrated[i]);
      const cosine = a.reduce((s, v, k) => s + v * b[k], 0) / (norm(a) * norm(b));
      expect(cosine).toBeCloseTo(1, 5);
    });
    // The report: the norms before, then after.
    expect(norms).not.toBeNull();
    norms!.slice(0, 3).forEach((n, m) => expect(n / before[m]).toBeCloseTo(1, 5));
    norms!.slice(3).forEach((n) => expect(n / mean).toBeCloseTo(1, 5));
    const grouped = new Set(sets.flat());
    plain.forEach((g, i) => {
      if (!grouped.has(i)) expect(calibrated[i]).toEqual(g);
    });
  },
);

test('with one group the intra calibration is the identity', () => {
  const { plain, calibrated, norms } = updates('shared-bottom', [
    { name: 'all', columns: [0, 1, 2, 3] },
  ]);
  expect(calibrated).toEqual(plain);
  expect(norms).toBeNull();
});

test('the encoders read only their own columns', () => {
  const { model } = setup('shared-bottom', GROUPS);
  const x = tf.tensor2d(
    Float32Array.from({ length: 2 * 7 }, (_, i) => Math.sin(i + 1)),
    [2, 7],
  );
  const moved = tf.tensor2d(
    Float32Array.from({ length: 2 * 7 }, (_, i) => Math.sin(i + 1) + (i % 7 === 4 ? 3 : 0)),
    [2, 7],
  );
  // Moving x5 (group b) changes group b's encodings and nothing else before the trunk.
  const encoded = (v: tf.Tensor2D) => {
    const { taps } = tappedForward(model, model.variables, v);
    return Array.from(taps.get(ENCODINGS_TAP)!.dataSync());
  };
  const a = encoded(x);
  const b = encoded(moved);
  const width = 3 * 3 + 1; // three encoders of 3, then the ungrouped x7
  for (let row = 0; row < 2; row++) {
    for (let u = 0; u < width; u++) {
      const changed = a[row * width + u] !== b[row * width + u];
      if (u < 3 || (u >= 6 && u < width)) expect(changed, `unit ${u}`).toBe(false);
    }
  }
  tf.dispose([x, moved]);
  model.dispose();
});

test.each(['shared-bottom', 'mmoe'] as const)(
  'FULLER with two feature groups trains %s on ρ = 0.8 data and reports group norms',
  async (architecture) => {
    const config = smallConfig(
      { features: 8, samples: 500, rho: 0.8 },
      {
        architecture,
        hidden: [16],
        tower: [8],
        experts: 3,
        featureGroups: [
          { name: 'first', columns: [0, 1, 2, 3] },
          { name: 'second', columns: [4, 5] },
        ],
        groupWidth: 4,
      },
      { method: 'fuller', batchSize: 64 },
    );
    const trainer = await createTrainer({ config, dataset: datasetFor(config) });
    await trainer.train(4);
    const first = await trainer.snapshot();
    const count = tf.memory().numTensors;
    await trainer.train(60);
    const last = await trainer.snapshot();
    expect(tf.memory().numTensors).toBe(count);
    const state = last.methodState!;
    trainer.dispose();
    expect(last.diverged).toBe(false);
    last.trainLoss.forEach((loss, t) => expect(loss, `task ${t}`).toBeLessThan(first.trainLoss[t]));
    expect(state.groupNormBefore).toHaveLength(2);
    const [a, b] = state.groupNormAfter;
    expect(a / b).toBeCloseTo(1, 4);
    expect(
      state.taskNormCalibrated.every((n) => Math.abs(n / state.taskNormCalibrated[0] - 1) < 1e-9),
    ).toBe(true);
  },
);

test('groups the data lacks, or an architecture without encoders, are refused with a message', async () => {
  const config = smallConfig(
    { features: 8 },
    { featureGroups: [{ name: 'far', columns: [2, 9] }] },
    { method: 'fuller' },
  );
  await expect(createTrainer({ config, dataset: datasetFor(config) })).rejects.toThrow(
    /group "far" lists x10, but the data has only 8 features/,
  );
  config.model.featureGroups = [{ name: 'near', columns: [2] }];
  config.model.architecture = 'cgc';
  await expect(createTrainer({ config, dataset: datasetFor(config) })).rejects.toThrow(
    /CGC does not read feature groups/,
  );
});

test('the fused wasm engine runs FULLER without groups and declines feature groups with a reason', () => {
  const arch = getArchitecture('shared-bottom');
  const needs = getMethod('fuller').needs;
  const model = smallConfig().model;
  expect(wasmFusedEngine.supports(arch, needs, model)).toBeNull();
  const grouped = { ...model, featureGroups: [{ name: 'a', columns: [0, 1] }] };
  expect(wasmFusedEngine.supports(arch, needs, grouped)).toMatch(
    /no feature-group encoders \(column gather and concatenation\) yet/,
  );
});

test.each(['shared-bottom', 'mmoe'] as const)(
  '%s: FULLER without groups on the fused wasm engine equals the tfjs step (5 steps)',
  async (architecture) => {
    const c = fusedTestConfig(architecture, 'fuller', 32, 400);
    const args = { config: c, dataset: datasetFor(c), method: getMethod('fuller') };
    const after = async (fused: boolean) => {
      const trainer = fused
        ? await createEngineTrainer(wasmFusedEngine, args)
        : await createTrainer(args);
      await trainer.train(5);
      const weights = await trainer.exportWeights();
      trainer.dispose();
      return weights;
    };
    const worst = worstRelative(await after(true), await after(false), true);
    expect(worst.error, worst.name).toBeLessThan(1e-5);
  },
);
