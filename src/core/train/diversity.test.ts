/**
 * MMoEEx's expert-diversity matrix (reference seed-systems §2 "Test properties": symmetric with a
 * zero diagonal), checked against distances computed directly from the experts' weights.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import type { ArchitectureId } from '../config/schema';
import { getArchitecture, modelDims } from '../model/registry';
import { tf } from '../tf';
import { diversityFromGram, expertGram, expertLabels } from './diversity';
import { ModelState } from './modelState';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('distances from the Gram matrix: symmetric, zero diagonal, equal to direct distances', () => {
  const vectors = [
    [1, 2, 3],
    [0, -1, 4],
    [2, 2, 2],
    [1, 2, 3.5],
  ];
  const E = vectors.length;
  const gram = Array.from({ length: E * E }, (_, k) =>
    vectors[Math.floor(k / E)].reduce((a, v, p) => a + v * vectors[k % E][p], 0),
  );
  const { matrix, score } = diversityFromGram(gram, ['a', 'b', 'c', 'd']);
  for (let i = 0; i < E; i++) {
    expect(matrix[i][i]).toBe(0);
    for (let j = 0; j < E; j++) {
      expect(matrix[i][j]).toBe(matrix[j][i]);
      const direct = Math.hypot(...vectors[i].map((v, p) => v - vectors[j][p]));
      expect(matrix[i][j]).toBeCloseTo(direct, 10);
    }
  }
  const max = Math.max(...matrix.flat());
  expect(score).toBeCloseTo(matrix.flat().reduce((a, v) => a + v / max, 0) / (E * E), 12);
  expect(diversityFromGram([4, 4, 4, 4], ['a', 'b']).score).toBe(0); // identical experts
});

test('MMoE: the matrix is that of relu(x W_e + b_e) over the rows', () => {
  const config = smallConfig({ features: 5 }, { architecture: 'mmoe', hidden: [6], experts: 4 });
  const dataset = datasetFor(config);
  const model = new ModelState(getArchitecture('mmoe'), config.model, modelDims(dataset), 3);
  const x = tf.tensor2d(dataset.test.x.subarray(0, 20 * 5), [20, 5]);
  const gram = tf.tidy(() => expertGram(model, x)!.dataSync());
  const byName = new Map(model.specs.map((s, i) => [s.name, model.variables[i]]));
  const direct = tf.tidy(() => {
    const W = tf.reshape(byName.get('experts/0/kernel')!, [4, 5, 6]);
    const b = tf.reshape(byName.get('experts/0/bias')!, [4, 1, 6]);
    const out = tf.relu(tf.add(tf.matMul(tf.broadcastTo(x, [4, 20, 5]), W), b));
    return tf.reshape(out, [4, -1]).arraySync() as number[][];
  });
  const { matrix } = diversityFromGram(gram, expertLabels(model)!);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      const d = Math.hypot(...direct[i].map((v, p) => v - direct[j][p]));
      expect(matrix[i][j]).toBeCloseTo(d, 3);
    }
  x.dispose();
  model.dispose();
});

test.each([
  ['mmoe', 3],
  ['cgc', 3 * 1 + 2],
  ['ple', 3 * 1 + 2],
] as [ArchitectureId, number][])('%s snapshots carry an %i-expert matrix', async (arch, E) => {
  const config = smallConfig(
    { features: 6, samples: 300 },
    { architecture: arch, experts: 3, taskExperts: 1, sharedExperts: 2, levels: 2 },
  );
  const trainer = await createTrainer({ config, dataset: datasetFor(config) });
  await trainer.train(5);
  const snap = await trainer.snapshot();
  trainer.dispose();
  const d = snap.diversity!;
  expect(d.experts).toHaveLength(E);
  expect(d.matrix).toHaveLength(E);
  d.matrix.forEach((row, i) => {
    expect(row[i]).toBe(0);
    row.forEach((v, j) => {
      expect(v).toBe(d.matrix[j][i]);
      if (j !== i) expect(v).toBeGreaterThan(0);
    });
  });
  expect(d.score).toBeGreaterThan(0);
  expect(d.score).toBeLessThan(1);
});

test('architectures without experts report no matrix', async () => {
  const config = smallConfig({ features: 6, samples: 200 }, { architecture: 'shared-bottom' });
  const trainer = await createTrainer({ config, dataset: datasetFor(config) });
  await trainer.train(1);
  expect((await trainer.snapshot()).diversity).toBeNull();
  trainer.dispose();
});

test('MMoEEx and MMoE from the same seed share the matrix at initialisation; it stays while the run moves', async () => {
  const run = async (exclusivity: 'none' | 'exclusivity') => {
    const config = smallConfig(
      { features: 6, samples: 300 },
      { architecture: 'mmoe', experts: 4, exclusivity, exclusivityFraction: 1 },
      { learningRate: 3e-2 },
    );
    const dataset = datasetFor(config);
    const trainer = await createTrainer({ config, dataset });
    await trainer.train(3);
    const early = await trainer.snapshot();
    await trainer.train(60);
    const late = await trainer.snapshot();
    // The reference is the experts at initialisation, recomputed here from a fresh model.
    const fresh = new ModelState(
      getArchitecture('mmoe'),
      config.model,
      modelDims(dataset),
      config.train.weightSeed,
    );
    const x = tf.tensor2d(dataset.test.x.subarray(0, Math.min(dataset.test.rows, 256) * 6), [
      Math.min(dataset.test.rows, 256),
      6,
    ]);
    const gram = tf.tidy(() => expertGram(fresh, x)!.dataSync());
    const reference = diversityFromGram(gram, expertLabels(fresh)!);
    x.dispose();
    fresh.dispose();
    trainer.dispose();
    return { early, late, reference };
  };
  const plain = await run('none');
  const ex = await run('exclusivity');
  for (const r of [plain, ex]) {
    expect(r.early.diversityAtStart).toEqual(r.late.diversityAtStart);
    r.early.diversityAtStart!.matrix.forEach((row, i) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(r.reference.matrix[i][j], 4)),
    );
    // The run's own matrix has moved away from its start.
    const moved = Math.max(
      ...r.late
        .diversity!.matrix.flat()
        .map((v, k) => Math.abs(v - r.late.diversityAtStart!.matrix.flat()[k])),
    );
    expect(moved).toBeGreaterThan(1e-3);
  }
  // Exclusivity changes only the gates: the same experts, the same matrix at initialisation.
  expect(ex.early.diversityAtStart).toEqual(plain.early.diversityAtStart);
  expect(ex.late.diversity).not.toEqual(plain.late.diversity);
});
