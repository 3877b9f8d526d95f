/**
 * End-to-end grouping on generated data (CPU backend): two blocks of correlated binary tasks
 * (T = 4, ρ = 0.9 inside a block, −0.3 across); TAG and STG-MTL must both return the blocks in at
 * least 4 of 5 seeds. Plus the duplicated-task and one-group-ensemble properties on real runs.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import type { LabConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import { defaultTaskSpec } from '../config/defaults';
import { getMethod } from '../methods/registry';
import { datasetFor, smallConfig } from '../train/testing';
import { createTrainer } from '../train/trainer';
import { hardGroups } from './clustering';
import { trainGroupedEnsemble, trainSteps } from './groupTraining';
import { measureGrouping, planFromAffinity, planFromDataMaps } from './suggest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BLOCKS = [
  [1, 0.9, -0.3, -0.3],
  [0.9, 1, -0.3, -0.3],
  [-0.3, -0.3, 1, 0.9],
  [-0.3, -0.3, 0.9, 1],
];

function blockConfig(seed: number): LabConfig {
  const base = smallConfig(
    { tasks: 4, features: 8, samples: 700, seed },
    // He-normal start: TAG's blocks were measured from it; from PyTorch's small start the
    // first 80 steps' lookaheads do not yet separate the blocks (0 of 5 seeds).
    { architecture: 'shared-bottom', hidden: [16], tower: [8], init: 'he-normal' },
    { learningRate: 1e-2, batchSize: 64, weightSeed: seed },
  );
  return {
    ...base,
    data: {
      ...base.data,
      correlation: BLOCKS,
      taskSpecs: Array.from({ length: 4 }, () => ({
        ...defaultTaskSpec(1, 0.05),
        kind: 'binary' as const,
      })),
    },
  };
}

const key = (groups: number[][]) =>
  groups
    .map((g) => g.join(','))
    .sort()
    .join(' | ');

describe('two blocks of correlated tasks', () => {
  test('TAG and STG-MTL both find the blocks in at least 4 of 5 seeds', async () => {
    const found = { tag: [] as string[], stg: [] as string[] };
    for (let seed = 1; seed <= 5; seed++) {
      const config = blockConfig(seed);
      const dataset = datasetFor(config);
      const { affinity, dataMaps } = await measureGrouping({
        config,
        dataset,
        steps: 80,
        affinityEvery: 2,
      });
      found.tag.push(key(planFromAffinity(affinity, 2).grouping.groups));
      found.stg.push(key(hardGroups(planFromDataMaps(dataMaps, 2).memberships)));
    }
    const hits = (list: string[]) => list.filter((k) => k === '0,1 | 2,3').length;
    expect(hits(found.tag), `TAG: ${found.tag.join(' ; ')}`).toBeGreaterThanOrEqual(4);
    expect(hits(found.stg), `STG: ${found.stg.join(' ; ')}`).toBeGreaterThanOrEqual(4);
  }, 120_000);

  test('a duplicated task (same labels, identical head) gets its original’s memberships', async () => {
    const config = blockConfig(3);
    const base = datasetFor(config);
    const dup = duplicateTask(base, 2);
    const withCopy: LabConfig = {
      ...config,
      data: {
        ...config.data,
        tasks: 5,
        correlation: null,
        taskSpecs: [...config.data.taskSpecs, config.data.taskSpecs[2]],
      },
      model: { ...config.model, headInit: 'same' },
    };
    const { dataMaps, affinity } = await measureGrouping({
      config: withCopy,
      dataset: dup,
      steps: 40,
      affinityEvery: 4,
    });
    expect(dataMaps.maps[4].confidence).toEqual(dataMaps.maps[2].confidence);
    for (const mode of [
      'fuzzy-from-kmeans',
      'fuzzy-cmeans',
      'hard-kmeans',
      'point-based',
    ] as const) {
      const U = planFromDataMaps(dataMaps, 2, mode).memberships;
      expect(U[4], mode).toEqual(U[2]);
    }
    // TAG sees the copy too: its step helps every task exactly as the original's does.
    expect(affinity.mean[4]).toEqual(affinity.mean[2]);
  }, 60_000);

  test('an ensemble of one group with membership 1 is the single model', async () => {
    const config = blockConfig(2);
    const dataset = datasetFor(config);
    const ones = dataset.tasks.map(() => [1]);
    const grouped = await trainGroupedEnsemble({
      config,
      dataset,
      plan: { label: 'one', train: ones, serve: ones },
      steps: 30,
    });
    const single = await createTrainer({ config, dataset, method: getMethod('ew') });
    await trainSteps(single, 30);
    expect(grouped).toEqual(await single.evaluate('test'));
    single.dispose();
  }, 60_000);
});

function duplicateTask(dataset: Dataset, t: number): Dataset {
  const T = dataset.tasks.length;
  const copy = (y: Float32Array, rows: number) => {
    const out = new Float32Array(rows * (T + 1));
    for (let r = 0; r < rows; r++) {
      out.set(y.subarray(r * T, (r + 1) * T), r * (T + 1));
      out[r * (T + 1) + T] = y[r * T + t];
    }
    return out;
  };
  return {
    ...dataset,
    tasks: [...dataset.tasks, { ...dataset.tasks[t], name: `${dataset.tasks[t].name} (copy)` }],
    train: { ...dataset.train, y: copy(dataset.train.y, dataset.train.rows), mask: undefined },
    test: { ...dataset.test, y: copy(dataset.test.y, dataset.test.rows), mask: undefined },
  };
}
