/**
 * The seed papers' methods in the engine (issue #19): each trains every architecture it applies to
 * on ρ = 0.8 data without NaN and lowers every task's training loss, with flat memory. The config's
 * lossTransform goes through resolveMethod, as in the app.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS, type ArchitectureId, type LabConfig } from '../config/schema';
import { resolveMethod } from './resolveMethod';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Train = Partial<LabConfig['train']>;
type Model = Partial<LabConfig['model']>;

const IGBV2_SHORT = {
  base_epoch: 0,
  sac_start_epoch: 2,
  sac_update_after: 1,
  sac_update_every: 10,
};

const SEED_METHOD_CASES: [ArchitectureId, Train][] = [
  ...ARCHITECTURE_IDS.map((arch): [ArchitectureId, Train] => [arch, { method: 'igbv1' }]),
  ['shared-bottom', { method: 'pcgrad', lossTransform: 'igbv1' }],
  ['mmoe', { method: 'nashmtl', lossTransform: 'igbv1' }],
  ['cgc', { method: 'mgda', lossTransform: 'log' }],
  ['shared-bottom', { method: 'mgdaub', lossTransform: 'igbv1' }],
  ['ple', { method: 'graddrop', lossTransform: 'igbv1' }],
  ['shared-bottom', { method: 'ew', lossTransform: 'log' }],
  ['mmoe', { method: 'uw', methodOptions: { form: 'paper' } }],
  // IGBv2 on a short schedule (about 6 steps an epoch): the agent trains from step 6 and acts
  // from step 12, so most of the 72 steps use its weights. Official width on shared-bottom, a
  // narrow agent (cheaper) on every other architecture.
  ['shared-bottom', { method: 'ew', lossTransform: 'igbv2', methodOptions: IGBV2_SHORT }],
  ...ARCHITECTURE_IDS.filter((arch) => arch !== 'shared-bottom').map(
    (arch): [ArchitectureId, Train] => [
      arch,
      { method: 'ew', lossTransform: 'igbv2', methodOptions: { ...IGBV2_SHORT, sac_hidden: 16 } },
    ],
  ),
  [
    'mmoe',
    { method: 'pcgrad', lossTransform: 'igbv2', methodOptions: { ...IGBV2_SHORT, sac_hidden: 32 } },
  ],
];

/** MMoEEx gate options (with EW, and with a gradient method on PLE). */
const EXCLUSIVITY_CASES: [ArchitectureId, Model, Train][] = [
  ['mmoe', { exclusivity: 'exclusivity' }, { method: 'ew' }],
  ['mmoe', { exclusivity: 'exclusion', exclusivityGate: 'pinned' }, { method: 'ew' }],
  ['cgc', { exclusivity: 'exclusivity', exclusivityFraction: 1 }, { method: 'ew' }],
  ['ple', { exclusivity: 'exclusion' }, { method: 'pcgrad', lossTransform: 'igbv1' }],
];

/** FULLER with feature groups (intra calibration) on the architectures that read them. */
const GROUPS: Model = {
  featureGroups: [
    { name: 'first', columns: [0, 1, 2, 3] },
    { name: 'second', columns: [4, 5, 6] },
  ],
  groupWidth: 4,
};
const FULLER_CASES: [ArchitectureId, Model, Train][] = [
  ['shared-bottom', GROUPS, { method: 'fuller' }],
  ['mmoe', GROUPS, { method: 'fuller', methodOptions: { direction: 'aligned-mtl-ub' } }],
  ['cgc', {}, { method: 'fuller', methodOptions: { direction: 'imtl-g' } }],
];

test.each([
  ...SEED_METHOD_CASES.map(([arch, train]): [ArchitectureId, Model, Train] => [arch, {}, train]),
  ...EXCLUSIVITY_CASES,
  ...FULLER_CASES,
])('%s %j with %j lowers every task loss', async (architecture, model, train) => {
  const config = smallConfig(
    { features: 8, samples: 500, rho: 0.8 },
    {
      architecture,
      hidden: [16],
      tower: [8],
      experts: 3,
      sharedExperts: 2,
      embedDim: 8,
      heads: 2,
      ffHidden: 16,
      ...model,
    },
    { batchSize: 64, learningRate: 1e-2, ...train },
  );
  // A binary task beside regression ones, so UW's paper form uses its classification factor.
  config.data.taskSpecs[1] = { ...config.data.taskSpecs[1], kind: 'binary' };
  const dataset = datasetFor(config);
  const trainer = await createTrainer({ config, dataset });
  await trainer.train(4);
  const first = await trainer.snapshot();
  const count = tf.memory().numTensors;
  await trainer.train(60);
  await trainer.snapshot();
  await trainer.train(8);
  const last = await trainer.snapshot();
  expect(tf.memory().numTensors).toBe(count);
  trainer.dispose();
  expect(last.diverged).toBe(false);
  last.trainLoss.forEach((loss, t) => {
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss, `task ${t}`).toBeLessThan(first.trainLoss[t]);
  });
});

test('resolveMethod stacks the loss transform, and refuses it under a loss-weighting method', () => {
  const train = smallConfig().train;
  const stacked = resolveMethod({ ...train, method: 'pcgrad', lossTransform: 'igbv1' });
  expect(stacked.label).toBe('IGBv1 + PCGrad');
  expect(stacked.needs.losses).toBe(true);
  expect(stacked.options.map((o) => o.key)).toContain('base_epoch');
  expect(resolveMethod({ ...train, method: 'pcgrad', lossTransform: 'none' }).label).toBe('PCGrad');
  expect(() => resolveMethod({ ...train, method: 'uw', lossTransform: 'igbv1' })).toThrow(
    /"uw" already weights the losses itself/,
  );
});
